import {createHash} from 'node:crypto'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import type {ListingReads, OutputKind, OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'
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
const unreadFields: Record<'releasePage' | 'listing' | 'feeds' | 'emailPreview', ReadonlyArray<keyof Config>> = {
  releasePage: ['pageSize', 'feedSize', 'feedImage', 'database', 'email', 'digest'],
  listing: ['feedSize', 'feedImage', 'database', 'email', 'digest'],
  feeds: ['pageSize', 'subscribeUrl', 'database', 'email', 'digest'],
  emailPreview: ['pageSize', 'feedSize', 'feedImage', 'database', 'digest']
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

/**
 * The key of every output a rebuild may keep, by site path, from the outputs' plans: a release page by its release, a
 * feed or the sample digest by what it shows, an index or tag page by what its render may read, in up to four variants
 * (see {@link keptOutput}).
 */
export function outputKeys(plans: readonly OutputPlan[], deps: OutputDeps): Record<string, string> {
  const keys: Record<string, string> = {}
  // Each release is listed four times or more (its page, the index, its tags, feeds): its keys are made once.
  const pageKeys = new Map<Release, string>()
  const keyOf = (release: Release) => {
    let key = pageKeys.get(release)
    if (key === undefined) pageKeys.set(release, (key = pageKey(release)))
    return key
  }
  const metaKeyOf = (release: Release) => (release.metaHash === undefined ? keyOf(release) : `${release.id}:${release.metaHash}`)
  // A tag's whole list, by fields and with bodies: the same for each of its pages, so made once per tag.
  const wholeLists = new Map<readonly Release[], [string, string]>()
  for (const plan of plans) {
    const dep = deps[plan.kind]
    if (!plan.listing) {
      keys[plan.path] = plan.shows.length === 0 && plan.releases.length === 1 ? `${dep}:${keyOf(plan.releases[0] as Release)}` : digest([dep, ...plan.shows, ...plan.releases.map(keyOf)])
      continue
    }
    const meta = digest([dep, ...plan.shows, ...plan.releases.map(metaKeyOf)])
    const body = digest([dep, ...plan.shows, ...plan.releases.map(keyOf)])
    let key = `listing page-meta:${meta} page-body:${body}`
    const {whole: list} = plan.listing
    if (list) {
      let whole = wholeLists.get(list)
      if (!whole) wholeLists.set(list, (whole = [digest(list.map(metaKeyOf)), digest(list.map(keyOf))]))
      key += ` tag-meta:${digest([meta, whole[0]])} tag-body:${digest([body, whole[1]])}`
    }
    keys[plan.path] = key
  }
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
