import {createHash} from 'node:crypto'
import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {mkdir, readFile, rm, unlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {MessageRecord} from '../render/message-record.js'
import type {Release} from '../release/release.js'

/** A release as the cache index keeps it: everything but the bodies, which are read from disk only when used. */
export type ReleaseMetaRecord = Omit<Release, 'html' | 'text'>

/** One cached check-and-render of a release file. */
export interface CachedRender {
  messages: MessageRecord[]
  release?: ReleaseMetaRecord
  /** sha256 of the body file, checked before it is trusted. */
  bodySum?: string
}

/** What the index remembers of a release file on disk, so an unchanged file is not read again (like git's index). */
type FileStamp = [size: number, mtimeMs: number, key: string]

interface CacheIndex {
  stamp: string
  entries: Record<string, CachedRender>
  files: Record<string, FileStamp>
}

/** The cached renders of release files, keyed by a hash of path and bytes, under one stamp of config, pipeline and version. */
export interface RenderCache {
  /**
   * The key of a release file: taken from the index when size and mtime are unchanged, else hashed from its bytes.
   * `seen` is its stat when the caller already took one.
   */
  keyOf(path: string, absolutePath: string, seen?: {size: number; mtimeMs: number}): Promise<string>
  get(key: string): {messages: MessageRecord[]; release?: Release} | undefined
  /** Remember a render; its bodies go to disk now, and the release handed back reads them from there. */
  set(key: string, messages: MessageRecord[], release?: Release): Promise<Release | undefined>
  /** Where the body of `key` is stored, for a worker thread that writes it itself (see {@link storeBody}). */
  bodyFileOf(key: string): string
  /** Remember a render whose body a worker already stored; the release handed back reads it from there. */
  adopt(key: string, messages: MessageRecord[], stored?: StoredRender): Release | undefined
  /** Write the index (only this build's files) and drop bodies nobody uses any more. */
  save(): Promise<void>
}

const header = 'pressroom-render-cache 1'

/** A rendered release as a worker hands it back once it stored the body: the metadata and the body's checksum. */
export interface StoredRender {
  meta: ReleaseMetaRecord
  bodySum: string
}

/** Write a release's `html` and `text` to `file` (synchronously: workers render one file at a time anyway). */
export function storeBody(file: string, release: Release): StoredRender {
  const {meta, body, bodySum} = encodeBody(release)
  writeFileSync(file, body)
  return {meta, bodySum}
}

/** A release split into its metadata and its stored body (`html` and `text`), with the body's checksum. */
function encodeBody(release: Release): StoredRender & {body: Buffer} {
  const {html, text, ...meta} = release
  const body = Buffer.from(JSON.stringify({html, text}))
  return {meta, body, bodySum: sha256(body)}
}

// Checksums are taken over bytes: hashing a string encodes it to UTF-8 first, which cost 19 ms of the 5 MB index's
// 24 ms at 4k; the bytes are made once anyway, to be written or as they were read.
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** The key of a release file's bytes at a path. */
export function renderKey(path: string, bytes: Uint8Array): string {
  return createHash('sha256').update(path).update('\0').update(bytes).digest('hex').slice(0, 40)
}

/** Thrown when a body file no longer matches its checksum: the build starts again without the cache. */
export class CacheCorruptError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    corruptionsSeen++
  }
}

// Templates render bodies on use, and LiquidJS wraps what a getter throws: the count survives any wrapping.
let corruptionsSeen = 0

/** How many damaged cache entries this process has met so far: a build compares it before and after. */
export function corruptionCount(): number {
  return corruptionsSeen
}

/**
 * Open (or start) the render cache in `dir`; a damaged, foreign or stale index is thrown away, never trusted.
 * `fresh` ignores what is there (`--no-cache`) but still writes a new cache for the next build.
 */
export async function openRenderCache(dir: string, stamp: string, fresh = false): Promise<RenderCache> {
  const indexPath = join(dir, 'renders.json')
  const bodiesDir = join(dir, 'bodies')
  const old = fresh ? undefined : await readIndex(indexPath, stamp)
  if (!old) await rm(bodiesDir, {recursive: true, force: true})
  const previous: CacheIndex = old ?? {stamp, entries: {}, files: {}}
  const next: CacheIndex = {stamp, entries: {}, files: {}}
  await mkdir(bodiesDir, {recursive: true})
  const bodyPath = (key: string) => join(bodiesDir, `${key}.json`)
  const recentBodies: Bodies = new Map()

  return {
    async keyOf(path, absolutePath, seen) {
      const info = seen ?? statSync(absolutePath)
      const known = previous.files[path]
      const key = known && known[0] === info.size && known[1] === info.mtimeMs ? known[2] : renderKey(path, await readFile(absolutePath))
      next.files[path] = [info.size, info.mtimeMs, key]
      return key
    },
    get(key) {
      const entry = previous.entries[key] ?? next.entries[key]
      if (!entry) return undefined
      next.entries[key] = entry
      if (!entry.release) return {messages: entry.messages}
      return {messages: entry.messages, release: withLazyBodies(entry.release, bodyPath(key), entry.bodySum ?? '', recentBodies)}
    },
    bodyFileOf: bodyPath,
    adopt(key, messages, stored) {
      const entry: CachedRender = stored ? {messages, release: stored.meta, bodySum: stored.bodySum} : {messages}
      next.entries[key] = entry
      return stored && withLazyBodies(stored.meta, bodyPath(key), stored.bodySum, recentBodies)
    },
    async set(key, messages, release) {
      const entry: CachedRender = {messages}
      next.entries[key] = entry
      if (!release) return undefined
      const {meta, body, bodySum} = encodeBody(release)
      await writeFile(bodyPath(key), body)
      entry.release = meta
      entry.bodySum = bodySum
      return withLazyBodies(meta, bodyPath(key), bodySum, recentBodies)
    },
    async save() {
      for (const key of Object.keys(previous.entries)) if (!(key in next.entries)) await unlink(bodyPath(key)).catch(() => undefined)
      const json = JSON.stringify(next)
      const bytes = Buffer.from(json)
      await writeFile(indexPath, Buffer.concat([Buffer.from(`${header} ${sha256(bytes)}\n`), bytes]))
      // The releases handed out keep what they need; the index itself would only weigh on the writers' memory.
      previous.entries = {}
      next.entries = {}
    }
  }
}

async function readIndex(path: string, stamp: string): Promise<CacheIndex | undefined> {
  const bytes = await readFile(path).catch(() => undefined)
  if (bytes === undefined) return undefined
  const newline = bytes.indexOf(10)
  const [name, version, sum] = bytes.subarray(0, Math.max(0, newline)).toString('utf8').split(' ')
  const json = bytes.subarray(newline + 1)
  if (newline < 0 || `${name} ${version}` !== header || sha256(json) !== sum) return undefined
  try {
    const index = JSON.parse(json.toString('utf8')) as CacheIndex
    return index.stamp === stamp && index.entries && index.files ? index : undefined
  } catch {
    return undefined
  }
}

type Bodies = Map<string, {html: string; text: string}>

// The newest releases appear in the site feed, their tag feeds and their language feed: a few hundred bodies kept
// in memory (per build) save reading each one several times, and stay small next to the whole newsroom.
const recentLimit = 256

/** Where a cached release's bodies are stored: the file and its checksum. */
export interface BodySource {
  file: string
  sum: string
}

// The body file of each release handed out with lazy bodies, so a worker thread can read it itself.
const bodySources = new WeakMap<Release, BodySource>()

/** Where the bodies of a release from the cache are stored; undefined for a release that holds its bodies. */
export function bodySourceOf(release: Release): BodySource | undefined {
  return bodySources.get(release)
}

/** A release's metadata without reading its bodies (a cached release reads them from disk on access). */
export function releaseMeta(release: Release): ReleaseMetaRecord {
  const meta: Record<string, unknown> = {}
  for (const key of Object.keys(release)) if (key !== 'html' && key !== 'text') meta[key] = release[key as keyof Release]
  return meta as unknown as ReleaseMetaRecord
}

/** Read a stored body back, after checking it against its checksum; a missing or changed one is cache damage. */
export function readStoredBody(source: BodySource): {html: string; text: string} {
  let body: Buffer
  try {
    body = readFileSync(source.file)
  } catch (error) {
    throw new CacheCorruptError(`Missing cached body ${source.file}`, {cause: error})
  }
  if (sha256(body) !== source.sum) throw new CacheCorruptError(`Cached body ${source.file} does not match its checksum`)
  return JSON.parse(body.toString('utf8')) as {html: string; text: string}
}

/** A release whose `html` and `text` are read from the cache on each use, so a big newsroom's bodies stay on disk. */
function withLazyBodies(meta: ReleaseMetaRecord, path: string, sum: string, recentBodies: Bodies): Release {
  const source = {file: path, sum}
  const read = (): {html: string; text: string} => {
    const recent = recentBodies.get(path)
    if (recent) return recent
    const body = readStoredBody(source)
    if (recentBodies.size >= recentLimit) recentBodies.delete(recentBodies.keys().next().value as string)
    recentBodies.set(path, body)
    return body
  }
  const release = {...meta} as Release
  Object.defineProperty(release, 'html', {get: () => read().html, enumerable: true, configurable: true})
  Object.defineProperty(release, 'text', {get: () => read().text, enumerable: true, configurable: true})
  bodySources.set(release, source)
  return release
}
