import {hash} from 'node:crypto'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {listingEntryTemplate, type OutputKind, type OutputPlan} from '../plan/output-plan.js'
import {type Release, releaseHtml} from '../release/release.js'
import {pipelineVersion} from '../render/pipeline-version.js'
import {releaseMeta, type ReleaseMetaRecord} from './cached-release.js'
import {configHash, folderHash} from './build-stamp.js'
import {templateClosureHash} from './template-closure.js'

/**
 * What each kind of output reads besides its releases, as a hash: the templates it renders with and the config fields
 * it may show. Part of every output's key, so that a template or config change rewrites exactly what depends on it.
 */
export type OutputDeps = Record<OutputKind, string>

/**
 * The config fields each kind of output never reads. The rest is in its key: a field added to the config later counts
 * for every output until it is listed here. A test changes each field in turn and compares with a full build.
 */
const unreadFields: Record<'releasePage' | 'listing' | 'feeds' | 'newsml' | 'search' | 'emailPreview', ReadonlyArray<keyof Config>> = {
  releasePage: ['pageSize', 'feedSize', 'feedImage', 'database', 'email', 'digest', 'websub', 'deploy', 'schedule', 'bounces', 'cards'],
  listing: ['feedSize', 'feedImage', 'database', 'email', 'digest', 'websub', 'deploy', 'schedule', 'bounces', 'cards'],
  feeds: ['pageSize', 'subscribeUrl', 'logo', 'icon', 'database', 'email', 'digest', 'deploy', 'schedule', 'bounces', 'cards'],
  newsml: ['pageSize', 'subscribeUrl', 'feedImage', 'logo', 'icon', 'database', 'email', 'digest', 'websub', 'deploy', 'schedule', 'bounces', 'cards'],
  // Its words are the releases' own (their renders read the rest); the config gives the base path of its URLs and the
  // time zone that puts each release in the shard of its year.
  search: ['title', 'description', 'pageSize', 'feedSize', 'feedImage', 'publisher', 'logo', 'icon', 'database', 'subscribeUrl', 'email', 'digest', 'websub', 'deploy', 'schedule', 'bounces', 'cards'],
  emailPreview: ['pageSize', 'feedSize', 'feedImage', 'database', 'digest', 'websub', 'deploy', 'schedule', 'bounces', 'cards']
}

/** The {@link OutputDeps} of a build with `config` and the site templates in `templatesRoot`. */
export function outputDeps(config: Config, templatesRoot: string): OutputDeps {
  // The entry partial is drawn from code (see `listingEntryTemplate`): no listing template names it.
  const listing = [templateClosureHash(templatesRoot, listingEntryTemplate), configHash(config, unreadFields.listing)]
  return {
    releasePage: digest([templateClosureHash(templatesRoot, 'release'), configHash(config, unreadFields.releasePage)]),
    index: digest([templateClosureHash(templatesRoot, 'index'), ...listing]),
    tag: digest([templateClosureHash(templatesRoot, 'tag'), ...listing]),
    archive: digest([templateClosureHash(templatesRoot, 'archive'), ...listing]),
    organization: digest([templateClosureHash(templatesRoot, 'organization'), ...listing]),
    feeds: configHash(config, unreadFields.feeds),
    newsml: configHash(config, unreadFields.newsml),
    search: configHash(config, unreadFields.search),
    emailPreview: digest([folderHash(join(templatesRoot, 'email')), folderHash(join(templatesRoot, 'strings')), configHash(config, unreadFields.emailPreview)]),
    // A card's plan holds the hash of everything it shows (colours included) and the design that draws it.
    card: 'card'
  }
}

/**
 * What the build cache knows a release by, kept in its own records beside the release: `content` changes whenever the
 * release does (the render cache's key of its file), `meta` whenever anything an index or tag page can show of it does.
 */
export interface ReleaseHashes {
  content: string
  meta: string
  /**
   * When the release was last updated, if it was: in `content`, left out of `meta`, so a listing whose templates show
   * no `updated` keeps its page when a published release is edited (each edit is a new update).
   */
  updated?: string
}

/** The hash of a release's fields but its body: what a listing page that shows no body is keyed by. */
export function metaHash(meta: ReleaseMetaRecord): string {
  return hash('sha256', pipelineVersion + JSON.stringify(meta), 'hex').slice(0, 32)
}

/** The hashes of a release no cache record describes (made by hand, as in tests): from its fields and its body. */
export function releaseHashes(release: Release): ReleaseHashes {
  const fields = releaseMeta(release)
  const whole = metaHash(fields)
  const content = hash('sha256', whole + releaseHtml(release), 'hex').slice(0, 32)
  if (fields.updatedAt === undefined) return {content, meta: whole}
  const {updatedAt, ...listed} = fields
  return {content, meta: metaHash(listed), updated: updatedMark(updatedAt)}
}

/** How an update instant is marked in a release's hashes. */
export function updatedMark(updatedAt: number): string {
  return `:updated:${updatedAt}`
}

/** What a release page depends on besides templates and config: its id and the bytes of its file. */
export function pageKey(release: Pick<Release, 'id'>, hashes: ReleaseHashes): string {
  return `${release.id}:${hashes.content}`
}

// One call per key (`hash`, not a Hash object each): a build keys every output, ten thousand at 4,000 releases.
const digest = (parts: readonly string[]) => hash('sha256', parts.join('\0'), 'hex').slice(0, 32)

/**
 * The key of every output a rebuild may keep, by site path, from the outputs' plans: a release page by its release, a
 * feed or the sample digest by what it shows, an index or tag page by what its templates read (see {@link listingKey}).
 * `hashesOf` gives the cache's hashes of each release; one it does not know is hashed from its fields and body.
 */
export function outputKeys(plans: readonly OutputPlan[], deps: OutputDeps, hashesOf: (release: Release) => ReleaseHashes | undefined = () => undefined): Record<string, string> {
  const keys: Record<string, string> = {}
  // Each release is listed four times or more (its page, the index, its tags, feeds): its hashes are found once.
  const known = new Map<Release, ReleaseHashes>()
  const hashes = (release: Release) => {
    let found = known.get(release)
    if (found === undefined) known.set(release, (found = hashesOf(release) ?? releaseHashes(release)))
    return found
  }
  const keyOf = (release: Release) => pageKey(release, hashes(release))
  const metaKeyOf = (release: Release) => `${release.id}:${hashes(release).meta}`
  const updatedKeyOf = (release: Release) => metaKeyOf(release) + (hashes(release).updated ?? '')
  // A tag's whole list, by fields or with bodies: the same for each of its pages, so made once per tag and kind.
  const wholeLists = new Map<readonly Release[], string>()
  for (const plan of plans) {
    const dep = deps[plan.kind]
    if (!plan.listing) {
      keys[plan.path] = plan.shows.length === 0 && plan.releases.length === 1 ? `${dep}:${keyOf(plan.releases[0] as Release)}` : digest([dep, ...plan.shows, ...plan.releases.map(keyOf)])
      continue
    }
    const {whole, reads} = plan.listing
    const entryKey = reads.bodies ? keyOf : reads.updated ? updatedKeyOf : metaKeyOf
    const page = digest([dep, ...plan.shows, ...plan.releases.map(entryKey)])
    const kind = reads.bodies ? 'body' : 'meta'
    if (!whole || !reads.tagReleases) {
      keys[plan.path] = listingKey('page', kind, page)
      continue
    }
    let list = wholeLists.get(whole)
    if (list === undefined) wholeLists.set(whole, (list = `${kind}:${digest(whole.map(entryKey))}`))
    else if (!list.startsWith(`${kind}:`)) list = `${kind}:${digest(whole.map(entryKey))}`
    keys[plan.path] = listingKey('tag', kind, digest([page, list.slice(kind.length + 1)]))
  }
  return keys
}

/**
 * The key of an index or tag page, named by what its templates read: `page-meta` the fields of the page's entries (so
 * editing a body keeps the page), `page-body` their bodies too, and `tag-meta` or `tag-body` the same over the tag's
 * whole list as well, for a tag template that reads `tag.releases` beyond its size.
 */
function listingKey(scope: 'page' | 'tag', kind: 'meta' | 'body', hash: string): string {
  return `${scope}-${kind}:${hash}`
}

/** Whether an output the last build wrote under `stored` is still what this build would write under `current`. */
export function keptOutput(stored: string | undefined, current: string): boolean {
  return stored !== undefined && stored === current
}

/** The file a site path is written to, relative to the out folder. */
export function outputFile(sitePath: string): string {
  return sitePath.endsWith('/') ? sitePath.slice(1) + 'index.html' : sitePath.slice(1)
}
