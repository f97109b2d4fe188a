import type {Release} from '../release/release.js'

/** A release as the cache keeps it: everything but the bodies, which are read from disk only when used. */
export type ReleaseMetaRecord = Omit<Release, 'html'>

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
}

/** How a cached release reads what it does not hold: each is called at most once per use, the caller may memoize. */
export interface LazyParts {
  cold: () => ColdMeta
  body: () => string
  bodySource: BodySource
}

const lazy = Symbol('pressroom.cachedRelease')

interface LazyState extends LazyParts {
  coldMeta?: ColdMeta
}

// A function, not a private method: a copy made by releaseWith is not constructed by the class.
function coldOf(release: CachedRelease): ColdMeta {
  const state = release[lazy]
  return (state.coldMeta ??= state.cold())
}

/**
 * A release from the cache: the index's fields as its own, the others read on first use (getters on the class, so
 * making one per release for a rebuild costs far less than object literals with getters). Copy one with
 * {@link releaseWith}: a spread would leave the fields read on use behind.
 */
class CachedRelease {
  declare [lazy]: LazyState
  constructor(hot: HotMeta, parts: LazyParts) {
    Object.assign(this, hot)
    this[lazy] = parts
  }
  get html() {
    return this[lazy].body()
  }
}

// The cold fields, each a getter on the prototype that decodes the release's cold record on first use.
for (const key of coldKeys) {
  Object.defineProperty(CachedRelease.prototype, key, {
    get(this: CachedRelease) {
      return coldOf(this)[key]
    },
    configurable: true
  })
}

/** A release whose index fields are `hot` and whose other fields and bodies `parts` reads on use. */
export function cachedRelease(hot: HotMeta, parts: LazyParts): Release {
  return new CachedRelease(hot, parts) as unknown as Release
}

/** Where the bodies of a release from the cache are stored; undefined for a release that holds its bodies. */
export function bodySourceOf(release: Release): BodySource | undefined {
  return release instanceof CachedRelease ? (release as unknown as CachedRelease)[lazy].bodySource : undefined
}

/** A release's metadata without reading its bodies (a cached release reads the fields it does not hold). */
export function releaseMeta(release: Release): ReleaseMetaRecord {
  const meta: Record<string, unknown> = {}
  for (const key of Object.keys(release)) if (key !== 'html') meta[key] = release[key as keyof Release]
  if (release instanceof CachedRelease) {
    for (const key of coldKeys) if (release[key] !== undefined) meta[key] = release[key]
  }
  return meta as unknown as ReleaseMetaRecord
}

/** A copy of a release with some fields changed, that still reads what a cached release reads on use. */
export function releaseWith(release: Release, changes: Partial<Omit<HotMeta, 'id' | 'path'>>): Release {
  if (!(release instanceof CachedRelease)) return {...release, ...changes}
  // Own fields (the symbol-keyed state too) are copied; the getters come with the prototype.
  return Object.assign(Object.create(CachedRelease.prototype) as CachedRelease, release, changes) as unknown as Release
}
