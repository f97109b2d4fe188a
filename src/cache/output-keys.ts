import {createHash} from 'node:crypto'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {emailPreviewPaths, emailPreviewSize} from '../email/email-preview-paths.js'
import {feedPaths} from '../links/feed-links.js'
import {rssFeedPlans} from '../feeds/write-feeds.js'
import type {Release} from '../release/release.js'
import {releaseTagGroups, type TagGroup} from '../release/tag-groups.js'
import {listingPageParts, listingPages} from '../site/listing-pages.js'
import {configHash, folderHash} from './build-stamp.js'
import {templateClosureHash} from './template-closure.js'

/**
 * What each kind of output reads besides its releases, as a hash: the templates it renders with and the config fields
 * it may show. Part of every output's key, so that a template or config change rewrites exactly what depends on it.
 */
export interface OutputDeps {
  releasePage: string
  index: string
  tag: string
  feeds: string
  emailPreview: string
}

/**
 * The config fields each kind of output never reads. The rest is in its key: a field added to the config later counts
 * for every output until it is listed here. A test changes each field in turn and compares with a full build.
 */
const unreadFields: Record<'releasePage' | 'listing' | 'feeds' | 'emailPreview', ReadonlyArray<keyof Config>> = {
  releasePage: ['pageSize', 'feedSize', 'feedImage', 'database', 'email'],
  listing: ['feedSize', 'feedImage', 'database', 'email'],
  feeds: ['pageSize', 'subscribeUrl', 'database', 'email'],
  emailPreview: ['pageSize', 'feedSize', 'feedImage', 'database']
}

/** The {@link OutputDeps} of a build with `config` and the site templates in `templatesRoot`. */
export function outputDeps(config: Config, templatesRoot: string): OutputDeps {
  const listing = configHash(config, unreadFields.listing)
  return {
    releasePage: digest([templateClosureHash(templatesRoot, 'release'), configHash(config, unreadFields.releasePage)]),
    index: digest([templateClosureHash(templatesRoot, 'index'), listing]),
    tag: digest([templateClosureHash(templatesRoot, 'tag'), listing]),
    feeds: configHash(config, unreadFields.feeds),
    emailPreview: digest([folderHash(join(templatesRoot, 'email')), configHash(config, unreadFields.emailPreview)])
  }
}

/** What a release page depends on besides templates and config: its id and the bytes of its file. */
export function pageKey(release: Pick<Release, 'id' | 'contentHash'>): string {
  return `${release.id}:${release.contentHash}`
}

const digest = (parts: readonly string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)

/** What the render of an index or tag page read, as its writer observed it (see {@link storedKey}). */
export interface ListingReads {
  /** A release's body (`html`). */
  bodies: boolean
  /** Any release of the tag's whole list (`tag.releases`), which reaches beyond the entries of the page. */
  tagReleases: boolean
}

/**
 * The outputs a rebuild may keep from the last build when their key is unchanged, by site path: every release page,
 * every index and tag page (keyed by what its render may read, in up to four variants; see {@link keptOutput}), the
 * sample digest, and every feed but the clock-dependent news sitemap (a feed shows its newest `feedSize` releases,
 * nothing else).
 */
export function outputKeys(config: Config, releases: readonly Release[], deps: OutputDeps): Record<string, string> {
  const keys: Record<string, string> = {}
  // Each release is listed four times or more (its page, the index, its tags, feeds): its key is made once.
  const pageKeys = new Map<Release, string>()
  const metaKeys = new Map<Release, string>()
  for (const release of releases) {
    const key = pageKey(release)
    pageKeys.set(release, key)
    metaKeys.set(release, release.metaHash === undefined ? key : `${release.id}:${release.metaHash}`)
    keys[release.urlPath] = `${deps.releasePage}:${key}`
  }
  const keyOf = (release: Release) => pageKeys.get(release) ?? pageKey(release)
  const metaKeyOf = (release: Release) => metaKeys.get(release) ?? keyOf(release)
  // A tag's whole list, by fields and with bodies: the same for each of its pages, so made once per tag.
  const wholeTags = new Map<TagGroup<Release>, [string, string]>()
  for (const listing of listingPages(releases, releaseTagGroups(releases), config.pageSize)) {
    const kind = listing.kind === 'tag' ? deps.tag : deps.index
    const meta = digest([kind, ...listingPageParts(listing, metaKeyOf)])
    const body = digest([kind, ...listingPageParts(listing, keyOf)])
    let key = `listing page-meta:${meta} page-body:${body}`
    if (listing.kind === 'tag') {
      let whole = wholeTags.get(listing.tag)
      if (!whole) wholeTags.set(listing.tag, (whole = [digest(listing.tag.releases.map(metaKeyOf)), digest(listing.tag.releases.map(keyOf))]))
      key += ` tag-meta:${digest([meta, whole[0]])} tag-body:${digest([body, whole[1]])}`
    }
    keys[listing.page.path] = key
  }
  for (const plan of rssFeedPlans(config, releases)) {
    keys[plan.path] = digest([deps.feeds, plan.path, plan.title, plan.siteUrl, plan.language, ...plan.releases.slice(0, config.feedSize).map(keyOf)])
  }
  const preview = digest([deps.emailPreview, ...releases.slice(0, emailPreviewSize).map(keyOf)])
  for (const path of emailPreviewPaths) keys[path] = preview
  keys[feedPaths.json] = digest([deps.feeds, feedPaths.json, ...releases.slice(0, config.feedSize).map(keyOf)])
  return keys
}

/**
 * Whether an output the last build wrote under `stored` is still what this build would write under `current`.
 *
 * An index or tag page is stored with the one variant of its key that covers what its render read (a render reads the
 * same again as long as what it read is unchanged):
 * - `page-meta`: the fields of the page's entries. Editing a body keeps the page.
 * - `page-body`: the same, with their bodies, once a template showed a body.
 * - `tag-meta` and `tag-body`: a tag page whose template read the tag's whole list (`tag.releases`), not only its page.
 */
export function keptOutput(stored: string | undefined, current: string): boolean {
  if (stored === undefined) return false
  if (!current.startsWith('listing ')) return stored === current
  return current.split(' ').slice(1).includes(stored)
}

/**
 * The key to store for an output this build wrote; `reads` is what a listing page's render read. Not known: keyed by
 * everything the page could show, the safe side.
 */
export function storedKey(current: string, reads: ListingReads | undefined): string {
  if (!current.startsWith('listing ')) return current
  const variants = current.split(' ')
  const scope = (reads?.tagReleases ?? true) && variants.some((variant) => variant.startsWith('tag-')) ? 'tag' : 'page'
  const name = `${scope}-${reads?.bodies === false ? 'meta' : 'body'}:`
  return variants.find((variant) => variant.startsWith(name)) as string
}

/** The file a site path is written to, relative to the out folder. */
export function outputFile(sitePath: string): string {
  return sitePath.endsWith('/') ? sitePath.slice(1) + 'index.html' : sitePath.slice(1)
}
