/** Site path of the search page. */
export const searchPagePath = '/search/'

/** Site path of the folder that holds the search index, one Pagefind bundle per language under it. */
export const searchIndexPath = '/pagefind/'

/**
 * The language a release is indexed in: the primary subtag of its BCP 47 tag (`zh-Hans` -> `zh`), which is what
 * Pagefind knows stemmers and word segmentation by. Anything else is indexed as the site's language would be.
 */
export function searchLanguageOf(language: string): string {
  const primary = language.split('-')[0]?.toLowerCase() ?? ''
  return /^[a-z]{2,3}$/.test(primary) ? primary : 'unknown'
}

/**
 * Site path of one language's bundle. Each language is a bundle of its own, so the search page can search every
 * language at once, each with its own stemmer and word segmentation (one bundle searches one language at a time).
 */
export function searchBundlePath(language: string): string {
  return `${searchIndexPath}${searchLanguageOf(language)}/`
}

/** The index languages of `releases`, sorted, each once. */
export function searchLanguages(releases: ReadonlyArray<{language: string}>): string[] {
  return [...new Set(releases.map((release) => searchLanguageOf(release.language)))].sort()
}
