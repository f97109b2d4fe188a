import type {Release, ReleaseBody} from '../release/release.js'

/** A release as the cache keeps it: everything but the bodies, which are read from disk only when used. */
export type ReleaseMetaRecord = Omit<Release, 'body'>

/**
 * What a rebuild reads of only the releases on the pages it writes. Every other field is read for every release
 * (order, holds, tags, keys, sitemaps), so those are kept in the index and these in a file of their own, decoded per
 * release on first use: they are a large part of the index's JSON, and most of what decoding it leaves to collect.
 */
export const coldKeys = ['title', 'subtitle', 'dateline', 'datelineText', 'displayDate', 'source', 'summary', 'media', 'distributor'] as const

type ColdKey = (typeof coldKeys)[number]
/** The fields of a release meta record the index keeps. */
export type HotMeta = Omit<ReleaseMetaRecord, ColdKey>
/** The fields of a release meta record read on use. */
export type ColdMeta = Pick<ReleaseMetaRecord, ColdKey>

const cold = new Set<string>(coldKeys)

/** A meta record cut in two: what the index keeps and what it reads on use. */
export function splitMeta(meta: ReleaseMetaRecord): {hot: HotMeta; cold: ColdMeta} {
  const hot: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(meta)) (cold.has(key) ? rest : hot)[key] = value
  return {hot: hot as HotMeta, cold: rest as ColdMeta}
}

/** Where a cached release's bodies are stored: the file and its checksum. */
export interface BodySource {
  file: string
  sum: string
  /** How many of the file's bytes are the HTML: the XHTML follows it. */
  htmlBytes: number
}

/** How a cached release reads what it does not hold: each is called at most once per use, the caller may memoize. */
export interface LazyParts {
  cold: () => ColdMeta
  body: () => string
  xhtml: () => string
  bodySource: BodySource
}

const lazy = Symbol('pressroom.cachedRelease')

interface LazyState extends LazyParts {
  coldMeta?: ColdMeta
}

// A function, not a private method: the cold getters share it, and a copy shares the state it reads.
function coldOf(release: CachedRelease): ColdMeta {
  const state = release[lazy]
  return (state.coldMeta ??= state.cold())
}

// The index's fields are the instance's own (copied in by the constructor), typed here by declaration merging.
interface CachedRelease extends HotMeta {}

/**
 * A release from the cache: the index's fields as its own, the others read on first use (getters on the class, so
 * making one per release for a rebuild costs far less than object literals with getters), and a body that reads the
 * stored file on use. Copy one with {@link releaseWith}: a spread would leave the fields read on use behind.
 */
class CachedRelease implements Release {
  declare [lazy]: LazyState
  declare body: ReleaseBody
  constructor(hot: HotMeta, state: LazyState) {
    Object.assign(this, hot)
    // Not enumerable, so a spread of the release (what a worker is sent) holds its fields alone.
    Object.defineProperty(this, lazy, {value: state})
    this.body = {load: state.body, loadXhtml: state.xhtml}
  }
  get title() {
    return coldOf(this).title
  }
  get subtitle() {
    return coldOf(this).subtitle
  }
  get dateline() {
    return coldOf(this).dateline
  }
  get datelineText() {
    return coldOf(this).datelineText
  }
  get displayDate() {
    return coldOf(this).displayDate
  }
  get source() {
    return coldOf(this).source
  }
  get summary() {
    return coldOf(this).summary
  }
  get media() {
    return coldOf(this).media
  }
  get distributor() {
    return coldOf(this).distributor
  }
}

/** A release whose index fields are `hot` and whose other fields and bodies `parts` reads on use. */
export function cachedRelease(hot: HotMeta, parts: LazyParts): Release {
  return new CachedRelease(hot, parts)
}

/** Where the bodies of a release from the cache are stored; undefined for a release that holds its bodies. */
export function bodySourceOf(release: Release): BodySource | undefined {
  return release instanceof CachedRelease ? release[lazy].bodySource : undefined
}

/** A release's metadata without reading its bodies (a cached release reads the fields it does not hold). */
export function releaseMeta(release: Release): ReleaseMetaRecord {
  const {body: _body, ...meta} = release instanceof CachedRelease ? {...ownFields(release), ...coldOf(release)} : release
  return meta
}

/** The index's fields of a cached release: its own, the state and the body reader left out. */
function ownFields(release: CachedRelease): HotMeta & {body?: ReleaseBody} {
  return {...release}
}

/** A copy of a release with some fields changed, that still reads what a cached release reads on use. */
export function releaseWith(release: Release, changes: Partial<Omit<HotMeta, 'id' | 'path'>>): Release {
  if (!(release instanceof CachedRelease)) return {...release, ...changes}
  // The state is shared: the copy reads the same cold record and body, decoded once for both.
  return new CachedRelease({...ownFields(release), ...changes}, release[lazy])
}
