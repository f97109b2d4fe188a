import {VFile} from 'vfile'
import {report} from '../report/report.js'
import {primaryLanguage} from './primary-language.js'
import type {Release, TranslationLink} from './release.js'

/** Releases by their `translationKey`, in the order given; releases without a key are left out. */
function bySet<R extends Pick<Release, 'translationKey'>>(releases: readonly R[]): Map<string, R[]> {
  const sets = new Map<string, R[]>()
  for (const release of releases) {
    if (release.translationKey === undefined) continue
    const members = sets.get(release.translationKey)
    if (members) members.push(release)
    else sets.set(release.translationKey, [release])
  }
  return sets
}

/**
 * Check the translation sets of every loaded release (published or not), in file order: a second release of one
 * language in a set is an error at its `translationKey`, naming the first; a key no other release shares is a warning.
 * Messages go on the file of `files` with the release's path, or on a new one added to `files`.
 */
export function checkTranslations(releases: readonly Release[], files: VFile[]): void {
  const fileOf = (release: Release) => {
    let file = files.find((candidate) => candidate.path === release.path)
    if (!file) files.push((file = new VFile({path: release.path})))
    return file
  }
  for (const [key, members] of bySet(releases)) {
    if (members.length === 1) {
      const [alone] = members as [Release]
      report(fileOf(alone), 'translation-alone', `Unexpected \`translationKey\` \`${key}\` that no other release shares, expected its translations to carry it too`, alone.translationKeyPlace)
      continue
    }
    const firstOf = new Map<string, Release>()
    for (const release of members) {
      const language = release.language.toLowerCase()
      const first = firstOf.get(language)
      if (first === undefined) firstOf.set(language, release)
      else report(fileOf(release), 'translation-duplicate', `Unexpected second \`${release.language}\` release of \`translationKey\` \`${key}\`, expected one per language (also in \`${first.path}\`)`, release.translationKeyPlace)
    }
  }
}

/**
 * The translation links of each published release that has a published sibling: every member of its set, itself
 * included, in language order, the one in `siteLanguage` (else the earliest) marked as the set's default. Made from
 * published releases only, so a held-back translation is linked from nowhere until it is out.
 */
export function translationLinks(published: readonly Release[], siteLanguage: string): Map<Release, TranslationLink[]> {
  const links = new Map<Release, TranslationLink[]>()
  const site = siteLanguage.toLowerCase()
  for (const members of bySet(published).values()) {
    if (members.length < 2) continue
    const sorted = [...members].sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : a.id < b.id ? -1 : 1))
    const byAge = [...members].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1))
    const fallback = byAge[0] as Release
    const chosen = sorted.find((release) => release.language.toLowerCase() === site) ?? sorted.find((release) => primaryLanguage(release.language) === primaryLanguage(site)) ?? fallback
    const set = sorted.map((release): TranslationLink => ({id: release.id, language: release.language, title: release.title, urlPath: release.urlPath, url: release.url, isDefault: release === chosen}))
    for (const release of members) links.set(release, set)
  }
  return links
}
