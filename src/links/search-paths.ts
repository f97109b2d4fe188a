import {zoneOffsetMinutes} from '../release/iso-date.js'

/** Site path of the search page. */
export const searchPagePath = '/search/'

/** Site path of the folder that holds the search index, one Pagefind bundle per shard (language and month) under it. */
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
 * One shard of the search index: the releases of one index language published in one calendar month of the site's time
 * zone, as a Pagefind bundle of its own at `path`. Each language is searched with its own stemmer and word segmentation
 * (one bundle searches one language at a time); within a language, the month is a key no edit or new release changes,
 * so an edit or a new release changes one shard, and Pagefind, which writes a bundle whole, indexes that shard alone:
 * a month's releases, not a year's.
 */
export interface SearchShard<T> {
  language: string
  /** The calendar month its releases were published in, `YYYY-MM` in the site's time zone. */
  month: string
  path: string
  /** Its releases, in the order given. */
  releases: T[]
}

/** Site path of the bundle of `language`'s releases of `month` (`YYYY-MM`). */
export function searchShardPath(language: string, month: string): string {
  return `${searchIndexPath}${searchLanguageOf(language)}/${month}/`
}

/**
 * The shards of `releases`, by language, then newest month first (the search page opens a language by its first), each
 * release in the shard of its index language and of its publication month in `timeZone`.
 */
export function searchShards<T extends {language: string; timestamp: number}>(releases: readonly T[], timeZone: string): Array<SearchShard<T>> {
  const shards = new Map<string, SearchShard<T>>()
  for (const release of releases) {
    const language = searchLanguageOf(release.language)
    const local = new Date(release.timestamp + zoneOffsetMinutes(timeZone, release.timestamp) * 60_000)
    const month = `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`
    const path = searchShardPath(language, month)
    let shard = shards.get(path)
    if (shard === undefined) shards.set(path, (shard = {language, month, path, releases: []}))
    shard.releases.push(release)
  }
  return [...shards.values()].sort((a, b) => (a.language === b.language ? b.month.localeCompare(a.month) : a.language.localeCompare(b.language)))
}
