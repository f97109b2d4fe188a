import {statSync} from 'node:fs'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {newestFirst, type Release} from '../release/release.js'
import type {TagGroup} from '../release/tag-groups.js'
import {tagSlug} from '../release/tag-slug.js'

/** A related release as the side column of a release page links to it. */
export interface RelatedView {
  title: string
  href: string
  date: string
  displayDate: string
  language: string
}

/**
 * What a release page shows of other files than its release: related releases (by topic) and the sizes of its media
 * files in `public/`. Plain data: it crosses to the page threads, and the site plan keys the page by it.
 */
export interface ReleasePageExtras {
  related: RelatedView[]
  /** Bytes of each media file served from the site itself, by its URL. */
  sizes: Record<string, number>
}

/** How many related releases a page lists. */
const relatedCount = 3

/**
 * The releases older than `release` that share a tag with it, newest first, at most a few; its translations are not
 * among them (the page lists those as its other languages). Older only: a new release then changes no other release's
 * page, and an edit of one changes only the few pages of newer releases that list it. `byTag` holds each tag's releases
 * newest first, so only the few after the release's place in each are looked at, whatever the size of the newsroom.
 */
export function relatedReleases<R extends Pick<Release, 'id' | 'tags' | 'timestamp' | 'translationKey' | 'language'>>(release: R, byTag: ReadonlyMap<string, readonly R[]>): R[] {
  // One per translation set: in the page's language when the set has it, else its newest older version.
  const found = new Map<string, R>()
  for (const tag of release.tags) {
    const list = byTag.get(tagSlug(tag)) ?? []
    let taken = 0
    for (let index = firstOlder(list, release); index < list.length; index++) {
      if (taken === relatedCount) break
      const other = list[index] as R
      if (release.translationKey !== undefined && other.translationKey === release.translationKey) continue
      const set = other.translationKey === undefined ? `id:${other.id}` : `set:${other.translationKey}`
      const kept = found.get(set)
      if (kept === undefined) taken++
      if (kept === undefined || (kept.language !== release.language && other.language === release.language)) found.set(set, other)
    }
  }
  return [...found.values()].sort(newestFirst).slice(0, relatedCount)
}

/** The index of the first release of `list` (newest first) that is older than `release`: a binary search. */
function firstOlder<R extends Pick<Release, 'id' | 'timestamp'>>(list: readonly R[], release: R): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (newestFirst(list[middle] as R, release) <= 0) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The size in bytes of each of `release`'s media files that the site serves itself, read from `dir` (the public folder,
 * or the out folder it was copied into); a file that is not there has no size.
 */
export function mediaFileSizes(release: Pick<Release, 'media'>, config: Pick<Config, 'baseUrl'>, dir: string | undefined): Record<string, number> {
  const sizes: Record<string, number> = {}
  if (dir === undefined) return sizes
  const prefix = config.baseUrl + '/'
  for (const item of release.media) {
    if (!item.url.startsWith(prefix)) continue
    const path = decodeURIComponent(new URL(item.url).pathname.slice(new URL(prefix).pathname.length))
    const stat = statSync(join(dir, path), {throwIfNoEntry: false})
    if (stat?.isFile()) sizes[item.url] = stat.size
  }
  return sizes
}

/** The extras of `release`'s page: its related releases from `byTag` and its media sizes from `dir`. */
export function releasePageExtras(release: Release, byTag: ReadonlyMap<string, readonly Release[]>, config: Config, basePath: string, dir: string | undefined): ReleasePageExtras {
  const related = relatedReleases(release, byTag).map((other) => ({title: other.title, href: basePath + other.urlPath, date: other.date, displayDate: other.displayDate, language: other.language}))
  return {related, sizes: mediaFileSizes(release, config, dir)}
}

/** The extras as plan data: a page is written again when what it shows of other releases or files changes. */
export function releasePageExtrasShows(extras: ReleasePageExtras): string[] {
  return [JSON.stringify(extras.related), JSON.stringify(extras.sizes)]
}

/** Each tag's releases (newest first), by its slug, from the build's tag groups. */
export function releasesByTag<R>(groups: ReadonlyArray<TagGroup<R>>): Map<string, readonly R[]> {
  return new Map(groups.map((group) => [group.slug, group.releases]))
}
