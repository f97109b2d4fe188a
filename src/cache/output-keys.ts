import {createHash} from 'node:crypto'
import type {Config} from '../config/config-schema.js'
import {emailPreviewPaths, emailPreviewSize} from '../email/email-preview-paths.js'
import {feedPaths} from '../feeds/feed-links.js'
import {rssFeedPlans} from '../feeds/write-feeds.js'
import type {Release} from '../release/release.js'
import {releaseTagGroups} from '../release/tag-groups.js'
import {listingPageParts, listingPages} from '../site/listing-pages.js'

/** What a release page depends on besides templates and config: its id and the bytes of its file. */
export function pageKey(release: Pick<Release, 'id' | 'contentHash'>): string {
  return `${release.id}:${release.contentHash}`
}

const digest = (parts: readonly string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)

/**
 * The outputs a rebuild may keep from the last build when their key is unchanged, by site path: every release page,
 * every index and tag page (keyed by the entries it lists, twice: by their fields alone and with their bodies; see
 * {@link keptOutput}), the sample digest, and every feed but the clock-dependent news sitemap (a feed shows its newest
 * `feedSize` releases, nothing else).
 */
export function outputKeys(config: Config, releases: readonly Release[]): Record<string, string> {
  const keys: Record<string, string> = {}
  // Each release is listed four times or more (its page, the index, its tags, feeds): its key is made once.
  const pageKeys = new Map<Release, string>()
  for (const release of releases) {
    const key = pageKey(release)
    pageKeys.set(release, key)
    keys[release.urlPath] = key
  }
  const keyOf = (release: Release) => pageKeys.get(release) ?? pageKey(release)
  const metaKeyOf = (release: Release) => (release.metaHash === undefined ? keyOf(release) : `${release.id}:${release.metaHash}`)
  for (const listing of listingPages(releases, releaseTagGroups(releases), config.pageSize)) {
    keys[listing.page.path] = `listing ${digest(listingPageParts(listing, metaKeyOf))} ${digest(listingPageParts(listing, keyOf))}`
  }
  for (const plan of rssFeedPlans(config, releases)) {
    keys[plan.path] = digest([plan.path, plan.title, plan.siteUrl, plan.language, ...plan.releases.slice(0, config.feedSize).map(keyOf)])
  }
  const preview = digest(['email-preview', ...releases.slice(0, emailPreviewSize).map(keyOf)])
  for (const path of emailPreviewPaths) keys[path] = preview
  keys[feedPaths.json] = digest([feedPaths.json, ...releases.slice(0, config.feedSize).map(keyOf)])
  return keys
}

/**
 * Whether an output the last build wrote under `stored` is still what this build would write under `current`. An index
 * or tag page is stored with the key of what its render read: `meta` when it showed no release's body (its releases'
 * fields are all it depends on, so editing a body keeps it), `body` when it did.
 */
export function keptOutput(stored: string | undefined, current: string): boolean {
  if (stored === undefined) return false
  if (!current.startsWith('listing ')) return stored === current
  const [, meta, body] = current.split(' ')
  return stored === `meta ${meta}` || stored === `body ${body}`
}

/** The key to store for an output this build wrote; `readBodies` says whether a listing page's render read a body. */
export function storedKey(current: string, readBodies: boolean | undefined): string {
  if (!current.startsWith('listing ')) return current
  const [, meta, body] = current.split(' ')
  return readBodies === false ? `meta ${meta}` : `body ${body}`
}

/** The file a site path is written to, relative to the out folder. */
export function outputFile(sitePath: string): string {
  return sitePath.endsWith('/') ? sitePath.slice(1) + 'index.html' : sitePath.slice(1)
}
