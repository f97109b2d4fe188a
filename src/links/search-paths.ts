import {zoneOffsetMinutes} from '../release/iso-date.js'
import {primaryLanguage} from '../release/primary-language.js'

/** Site path of the search page. */
export const searchPagePath = '/search/'

/** Site path of the folder that holds the search index, one Pagefind bundle per shard (language and quarter) under it. */
export const searchIndexPath = '/pagefind/'

/**
 * The language a release is indexed in: the primary subtag of its BCP 47 tag (`zh-Hans` -> `zh`), which is what
 * Pagefind knows stemmers and word segmentation by. Anything else is indexed as the site's language would be.
 */
export function searchLanguageOf(language: string): string {
  const primary = primaryLanguage(language)
  return /^[a-z]{2,3}$/.test(primary) ? primary : 'unknown'
}

/**
 * One shard of the search index: the releases of one index language published in one calendar quarter of the site's
 * time zone, as a Pagefind bundle of its own at `path`. Each language is searched with its own stemmer and word
 * segmentation (one bundle searches one language at a time); within a language, the quarter is a key no edit or new
 * release changes, so an edit or a new release changes one shard, and Pagefind, which writes a bundle whole, indexes
 * that shard alone. A quarter, not a month: the search page merges every bundle of a language, at a few requests each,
 * and a year would make an edit index four times the releases.
 */
export interface SearchShard<T> {
  language: string
  /** The calendar quarter its releases were published in, `YYYY-qN` in the site's time zone. */
  quarter: string
  path: string
  /** Its releases, in the order given. */
  releases: T[]
}

/** Site path of the bundle of `language`'s releases of `quarter` (`YYYY-qN`). */
export function searchShardPath(language: string, quarter: string): string {
  return `${searchIndexPath}${searchLanguageOf(language)}/${quarter}/`
}

/**
 * The shards of `releases`, by language, then newest quarter first (the search page opens a language by its first), each
 * release in the shard of its index language and of its publication quarter in `timeZone`. The same list asked again
 * gets the same shards, which its callers share and never change: a build asks three times of one list (the plan,
 * the index, the search page), each time a quarter and a language for every release.
 */
export function searchShards<T extends {language: string; timestamp: number}>(releases: readonly T[], timeZone: string): ReadonlyArray<SearchShard<T>> {
  const known = madeShards.get(releases)
  // The list may have been changed in place since: its members are compared, a pointer each.
  if (known !== undefined && known.timeZone === timeZone && known.members.length === releases.length && known.members.every((release, index) => release === releases[index])) return known.shards as ReadonlyArray<SearchShard<T>>
  const shards = makeShards(releases, timeZone)
  madeShards.set(releases, {timeZone, members: [...releases], shards})
  return shards
}

/** The shards made of each list still in use (see {@link searchShards}). */
const madeShards = new WeakMap<readonly object[], {timeZone: string; members: readonly object[]; shards: ReadonlyArray<SearchShard<unknown>>}>()

function makeShards<T extends {language: string; timestamp: number}>(releases: readonly T[], timeZone: string): Array<SearchShard<T>> {
  const shards = new Map<string, SearchShard<T>>()
  for (const release of releases) {
    const language = searchLanguageOf(release.language)
    const quarter = quarterOf(release.timestamp, timeZone)
    const path = searchShardPath(language, quarter)
    let shard = shards.get(path)
    if (shard === undefined) shards.set(path, (shard = {language, quarter, path, releases: []}))
    shard.releases.push(release)
  }
  return [...shards.values()].sort((a, b) => (a.language === b.language ? b.quarter.localeCompare(a.quarter) : a.language.localeCompare(b.language)))
}

// No time zone is further than this from UTC.
const widestOffset = 14 * 3_600_000

/**
 * The calendar quarter of `timestamp` in `timeZone`, `YYYY-qN`. Asking the zone its offset is what costs: an instant
 * whose whole day either side falls in one UTC quarter is in that quarter in every zone, so only the few near a
 * quarter's turn ask.
 */
function quarterOf(timestamp: number, timeZone: string): string {
  const name = (instant: number) => {
    const date = new Date(instant)
    return `${date.getUTCFullYear()}-q${Math.floor(date.getUTCMonth() / 3) + 1}`
  }
  const earliest = name(timestamp - widestOffset)
  return earliest === name(timestamp + widestOffset) ? earliest : name(timestamp + zoneOffsetMinutes(timeZone, timestamp) * 60_000)
}
