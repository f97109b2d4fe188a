import {createHash} from 'node:crypto'
import {appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join, sep} from 'node:path'
import type {MessageRecord} from '../render/message-record.js'
import {type Release, releaseHtml, releaseXhtml} from '../release/release.js'
import {metaHash, type ReleaseHashes} from './output-keys.js'
import {type BodySource, cachedRelease, type ColdMeta, type HotMeta, type ReleaseMetaRecord, splitMeta} from './cached-release.js'

export type {ReleaseMetaRecord} from './cached-release.js'

/** One cached check-and-render of a release file. */
export interface CachedRender {
  messages: MessageRecord[]
  /** The whole record, or (with `cold`) the fields the index keeps. */
  release?: ReleaseMetaRecord | HotMeta
  /** sha256 of the body file, checked before it is trusted. */
  bodySum?: string
  /** How many of the body file's bytes are the HTML; the XHTML follows. */
  htmlBytes?: number
  /** Where the record's other fields are in the index's cold file: byte offset and length. */
  cold?: [offset: number, length: number]
  /** The hash of the record's fields (see `metaHash`), made once when the render is stored. */
  metaHash?: string
  /** The organization files the render read, by slug, with their hashes then (`''`: none of that slug). */
  deps?: Record<string, string>
}

/** What the index remembers of a release file on disk, so an unchanged file is not read again (like git's index). */
type FileStamp = [size: number, mtimeMs: number, key: string]

interface CacheIndex {
  stamp: string
  /** The file (in the cache folder) holding the entries' cold fields, and its checksum. */
  cold?: {file: string; sum: string}
  entries: Record<string, CachedRender>
  files: Record<string, FileStamp>
}

/** The cached renders of release files, keyed by a hash of path and bytes, under one stamp of config, pipeline and version. */
export interface RenderCache {
  /**
   * The key of a release file: taken from the index when size and mtime are unchanged, else hashed from its bytes.
   * `seen` is its stat when the caller already took one.
   */
  keyOf(path: string, absolutePath: string, seen?: {size: number; mtimeMs: number}): string
  /**
   * The sha256 of a release file's bytes, when {@link keyOf} read them in this build (a new or changed file): what the
   * publication ledger records of a file, so it is not read a second time for that.
   */
  sourceHashOf(path: string): string | undefined
  /** The render of `key`, unless an organization file it read has changed since (`depHashes`: the current hashes by slug). */
  get(key: string, depHashes?: Readonly<Record<string, string>>): {messages: MessageRecord[]; release?: Release} | undefined
  /** Remember a render, and the organization files it read; its bodies go to disk now, and the release handed back reads them from there. */
  set(key: string, messages: MessageRecord[], release?: Release, deps?: Record<string, string>): Release | undefined
  /** Where the body of `key` is stored, for a worker thread that writes it itself (see {@link storeBody}). */
  bodyFileOf(key: string): string
  /** Remember a render whose body a worker already stored; the release handed back reads it from there. */
  adopt(key: string, messages: MessageRecord[], stored?: StoredRender, deps?: Record<string, string>): Release | undefined
  /** The hashes the output keys know the release of `key` by (this build's entries only, until {@link save}). */
  hashesOf(key: string): ReleaseHashes | undefined
  /**
   * Remember this build's files (and only them) and drop bodies nobody uses any more. What changed is appended to the
   * index's journal; the whole index is written again only once the journal has grown to a quarter of it.
   */
  save(): void
}

const header = 'pressroom-render-cache 4'
const journalHeader = 'pressroom-render-journal 1'

/**
 * What one build changed in the index, as a line of its journal: rewriting the whole index after one edit was a
 * sizeable part of a rebuild (and its garbage), for the few entries that changed.
 */
interface IndexChange {
  entries: Record<string, CachedRender>
  dropped: string[]
  /** `null`: the file is gone. */
  files: Record<string, FileStamp | null>
}

/** A rendered release as a worker hands it back once it stored the body: the metadata and the body's checksum. */
export interface StoredRender {
  meta: ReleaseMetaRecord
  bodySum: string
  htmlBytes: number
}

/** Write a release's HTML and XHTML to `file` (synchronously: workers render one file at a time anyway). */
export function storeBody(file: string, release: Release): StoredRender {
  const {meta, body, bodySum, htmlBytes} = encodeBody(release)
  writeFileSync(file, body)
  return {meta, bodySum, htmlBytes}
}

/**
 * A release split into its metadata and its stored body (the HTML then the XHTML, as UTF-8 bytes), with the body's
 * checksum. One file for both: a file per release and kind would be twice the files for a cold build to write.
 */
function encodeBody(release: Release): StoredRender & {body: Buffer} {
  const {body: _body, ...meta} = release
  const html = releaseHtml(release)
  const xhtml = releaseXhtml(release)
  const htmlBytes = Buffer.byteLength(html)
  const body = Buffer.allocUnsafe(htmlBytes + Buffer.byteLength(xhtml))
  body.write(html, 0)
  body.write(xhtml, htmlBytes)
  return {meta, body, bodySum: sha256(body), htmlBytes}
}

// Checksums are taken over bytes: hashing a string encodes it to UTF-8 first, most of the cost of
// hashing a big index; the bytes are made once anyway, to be written or as they were read.
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * The key of a release file at a path, from the sha256 of its bytes: the bytes are hashed once, for this key and for the
 * publication ledger's source hash alike.
 */
function renderKey(path: string, sourceHash: string): string {
  return createHash('sha256').update(path).update('\0').update(sourceHash).digest('hex').slice(0, 40)
}

/** Thrown when a stored body or cold file no longer matches its checksum: the build starts again without the cache. */
export class CacheCorruptError extends Error {}

/** Options of {@link openRenderCache}. */
export interface OpenRenderCacheOptions {
  /** Ignore what is there (`--no-cache`), but still write a new cache for the next build. */
  fresh?: boolean
  /**
   * Told of damage met after the cache was opened (a stored body or the cold file failing its checksum when a release
   * reads it): templates read those on use, and LiquidJS wraps what they throw, so the error alone may not reach the
   * caller recognisably.
   */
  onDamage?: (error: CacheCorruptError) => void
}

/** Open (or start) the render cache in `dir`; a damaged, foreign or stale index is thrown away, never trusted. */
export function openRenderCache(dir: string, stamp: string, options: OpenRenderCacheOptions = {}): RenderCache {
  const {fresh = false, onDamage} = options
  const indexPath = join(dir, 'renders.json')
  const journalPath = join(dir, 'renders.journal')
  const bodiesDir = join(dir, 'bodies')
  const old = fresh ? undefined : readIndex(indexPath, journalPath, stamp)
  if (!old) rmSync(bodiesDir, {recursive: true, force: true})
  const previous: CacheIndex = old?.index ?? {stamp, entries: {}, files: {}}
  const next: CacheIndex = {stamp, entries: {}, files: {}}
  mkdirSync(bodiesDir, {recursive: true})
  // Joined by hand: path.join normalizes again what is already a clean path, once per release of a rebuild.
  const bodyPath = (key: string) => `${bodiesDir}${sep}${key}${bodyExtension}`
  const recentBodies: Bodies = new Map()
  const sourceHashes = new Map<string, string>()
  const coldFile = previous.cold && lazyColdFile(join(dir, previous.cold.file), previous.cold.sum)
  /** A release handed out: the index's fields now, the cold ones and the bodies on use. */
  const handOut = (key: string, meta: ReleaseMetaRecord | HotMeta, ref: CachedRender['cold'], bodySum: string, htmlBytes: number): Release => {
    let hot: HotMeta
    let cold: () => ColdMeta
    if (ref) {
      if (!coldFile) throw new CacheCorruptError(`Render cache entry ${key} names a cold file the index does not`)
      hot = meta
      cold = () => noting(onDamage, () => coldFile.meta(ref))
    } else {
      const parts = splitMeta(meta as ReleaseMetaRecord)
      hot = parts.hot
      cold = () => parts.cold
    }
    return lazyRelease(hot, cold, {file: bodyPath(key), sum: bodySum, htmlBytes}, recentBodies, onDamage)
  }

  return {
    keyOf(path, absolutePath, seen) {
      const info = seen ?? statSync(absolutePath)
      const known = previous.files[path]
      // An unchanged file keeps its stamp as it was (4,000 of them on a rebuild: no new array for each).
      if (known && known[0] === info.size && known[1] === info.mtimeMs) {
        next.files[path] = known
        return known[2]
      }
      const sourceHash = sha256(readFileSync(absolutePath))
      const key = renderKey(path, sourceHash)
      sourceHashes.set(path, sourceHash)
      next.files[path] = [info.size, info.mtimeMs, key]
      return key
    },
    sourceHashOf: (path) => sourceHashes.get(path),
    get(key, depHashes = {}) {
      const entry = previous.entries[key] ?? next.entries[key]
      if (!entry) return undefined
      // A release that names an organization is rendered with its boilerplate: an edit of that file is an edit of it.
      if (entry.deps && Object.entries(entry.deps).some(([slug, hash]) => (depHashes[slug] ?? '') !== hash)) return undefined
      next.entries[key] = entry
      if (!entry.release) return {messages: entry.messages}
      return {messages: entry.messages, release: handOut(key, entry.release, entry.cold, entry.bodySum ?? '', entry.htmlBytes ?? 0)}
    },
    bodyFileOf: bodyPath,
    hashesOf(key) {
      const entry = next.entries[key]
      const hash = entry?.metaHash
      if (hash === undefined) return undefined
      // The render key hashes the file's path and bytes: what a release page is, under the cache's stamp, with the
      // organization files it was rendered from.
      const deps = entry?.deps
      return {content: deps === undefined ? key : createHash('sha256').update(key).update(JSON.stringify(deps)).digest('hex').slice(0, 40), meta: hash}
    },
    adopt(key, messages, stored, deps) {
      const entry: CachedRender = stored ? {messages, release: stored.meta, bodySum: stored.bodySum, htmlBytes: stored.htmlBytes, metaHash: metaHash(stored.meta)} : {messages}
      if (deps !== undefined) entry.deps = deps
      next.entries[key] = entry
      return stored && handOut(key, stored.meta, undefined, stored.bodySum, stored.htmlBytes)
    },
    set(key, messages, release, deps) {
      const entry: CachedRender = deps === undefined ? {messages} : {messages, deps}
      next.entries[key] = entry
      if (!release) return undefined
      const {meta, body, bodySum, htmlBytes} = encodeBody(release)
      writeFileSync(bodyPath(key), body)
      entry.release = meta
      entry.bodySum = bodySum
      entry.htmlBytes = htmlBytes
      entry.metaHash = metaHash(meta)
      return handOut(key, meta, undefined, bodySum, htmlBytes)
    },
    save() {
      const change = changeOf(previous, next)
      for (const key of change.dropped) removeIfThere(bodyPath(key))
      // The journal is only for a few edits: past a quarter of the index, reading it would cost more than it saves.
      // Its line is made only where a journal may take it: without an index to append to (a cold build), the change is
      // the whole newsroom, JSON as big as the index that would raise the build's peak memory, for nothing.
      const line = old?.journalOk === true ? lineOf(change) : undefined
      if (old && line && old.journalBytes + line.length <= Math.max(minJournalBytes, old.indexBytes / 4)) {
        if (change.dropped.length + Object.keys(change.entries).length + Object.keys(change.files).length > 0) {
          appendFileSync(journalPath, old.journalBytes === 0 ? Buffer.concat([Buffer.from(`${journalHeader} ${old.sum}\n`), line]) : line)
        }
      } else {
        const {index, coldBytes} = withColdFile(next, coldFile)
        // Named by its checksum, and written before the index that names it: an index is never without its file.
        if (index.cold) writeFileSync(join(dir, index.cold.file), coldBytes)
        const bytes = Buffer.from(asciiJson(index))
        writeFileSync(indexPath, Buffer.concat([Buffer.from(`${header} ${sha256(bytes)}\n`), bytes]))
        // Left behind by a crash, the old journal would name the old index, and be ignored.
        rmSync(journalPath, {force: true})
        // A journal that could not be read may have left bodies no entry names: they go with the journal.
        if (old) dropUnlisted(bodiesDir, next.entries)
        // The releases handed out read the old cold file from memory (withColdFile read it whole).
        for (const name of readdirSync(dir)) if (name.endsWith('.cold') && name !== index.cold?.file) removeIfThere(join(dir, name))
      }
      // The releases handed out keep what they need; the index itself would only weigh on the writers' memory.
      previous.entries = {}
      next.entries = {}
    }
  }
}

/**
 * JSON with every character past ASCII escaped: a few accented letters and dashes in a big index slow its
 * decoding down, as only pure ASCII takes V8's fast path.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

// Below this, the whole index is about as cheap to write as a journal line.
const minJournalBytes = 64 * 1024

/** What `next` changes against `previous`: new entries, entries no file uses any more, and files whose stamp moved. */
function changeOf(previous: CacheIndex, next: CacheIndex): IndexChange {
  const change: IndexChange = {entries: {}, dropped: [], files: {}}
  // A key rendered again (an organization file it read changed) holds a new entry under the same key.
  for (const key of Object.keys(next.entries)) if (previous.entries[key] !== next.entries[key]) change.entries[key] = next.entries[key] as CachedRender
  for (const key of Object.keys(previous.entries)) if (!(key in next.entries)) change.dropped.push(key)
  for (const [path, stamp] of Object.entries(next.files)) {
    const known = previous.files[path]
    if (!known || known[0] !== stamp[0] || known[1] !== stamp[1] || known[2] !== stamp[2]) change.files[path] = stamp
  }
  for (const path of Object.keys(previous.files)) if (!(path in next.files)) change.files[path] = null
  return change
}

/** A journal line: the checksum of the change's JSON, a space, the JSON, a newline. */
function lineOf(change: IndexChange): Buffer {
  const json = Buffer.from(asciiJson(change))
  return Buffer.concat([Buffer.from(`${sha256(json)} `), json, Buffer.from('\n')])
}

function applyChange(index: CacheIndex, change: IndexChange): void {
  Object.assign(index.entries, change.entries)
  for (const key of change.dropped) delete index.entries[key]
  for (const [path, stamp] of Object.entries(change.files)) {
    if (stamp === null) delete index.files[path]
    else index.files[path] = stamp
  }
}

// A body file is its render key and this: the HTML bytes as they are, then the XHTML's.
const bodyExtension = '.html'

function dropUnlisted(bodiesDir: string, entries: Record<string, CachedRender>): void {
  let names: string[] = []
  try {
    names = readdirSync(bodiesDir)
  } catch {
    return
  }
  for (const name of names) {
    if (name.endsWith(bodyExtension) && !(name.slice(0, -bodyExtension.length) in entries)) removeIfThere(join(bodiesDir, name))
  }
}

/** Delete a file that may already be gone. */
function removeIfThere(file: string): void {
  rmSync(file, {force: true})
}

interface ReadIndex {
  index: CacheIndex
  /** The checksum of the index file's JSON: the journal names the index it continues. */
  sum: string
  indexBytes: number
  journalBytes: number
  /** False when the journal was damaged or continues another index: the next save writes the index whole. */
  journalOk: boolean
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}

function readIndex(path: string, journalPath: string, stamp: string): ReadIndex | undefined {
  // Synchronous: an awaited read of a big index goes to the thread pool in pieces, with this thread idle meanwhile.
  const bytes = readIfThere(path)
  if (bytes === undefined) return undefined
  const newline = bytes.indexOf(10)
  const [name, version, sum] = bytes.subarray(0, Math.max(0, newline)).toString('utf8').split(' ')
  const json = bytes.subarray(newline + 1)
  if (newline < 0 || `${name} ${version}` !== header || sum === undefined || sha256(json) !== sum) return undefined
  let index: CacheIndex
  try {
    index = JSON.parse(json.toString('utf8')) as CacheIndex
  } catch {
    return undefined
  }
  if (index.stamp !== stamp || !index.entries || !index.files) return undefined
  if (index.cold !== undefined && !(typeof index.cold.sum === 'string' && /^renders-[0-9a-f]{16}\.cold$/.test(index.cold.file))) return undefined
  const journal = readIfThere(journalPath)
  if (journal === undefined) return {index, sum, indexBytes: bytes.length, journalBytes: 0, journalOk: true}
  return {index, sum, indexBytes: bytes.length, journalBytes: journal.length, journalOk: replayJournal(index, journal, sum)}
}

/**
 * Apply the journal's lines to the index it continues, in order, up to the first damaged one (a build that died while
 * appending). What is lost is only renders to do again: an entry whose body was dropped later fails its checksum.
 */
function replayJournal(index: CacheIndex, journal: Buffer, sum: string): boolean {
  let start = journal.indexOf(10) + 1
  if (start === 0 || journal.subarray(0, start - 1).toString('utf8') !== `${journalHeader} ${sum}`) return false
  while (start < journal.length) {
    const end = journal.indexOf(10, start)
    const space = journal.indexOf(32, start)
    if (end < 0 || space < 0 || space > end) return false
    const json = journal.subarray(space + 1, end)
    if (sha256(json) !== journal.subarray(start, space).toString('utf8')) return false
    try {
      applyChange(index, JSON.parse(json.toString('utf8')) as IndexChange)
    } catch {
      return false
    }
    start = end + 1
  }
  return true
}

type Bodies = Map<string, string>

// The newest releases appear in the site feed, their tag feeds and their language feed: a few hundred bodies kept
// in memory (per build) save reading each one several times, and stay small next to the whole newsroom.
const recentLimit = 256

export {bodySourceOf, releaseMeta, type BodySource} from './cached-release.js'

/** Read a stored body's HTML back, after checking it against its checksum; a missing or changed one is cache damage. */
export function readStoredBody(source: BodySource): string {
  return readChecked(source).toString('utf8', 0, source.htmlBytes)
}

/** Read a stored body's XHTML back, checked as {@link readStoredBody} checks the HTML. */
export function readStoredXhtml(source: BodySource): string {
  return readChecked(source).toString('utf8', source.htmlBytes)
}

function readChecked(source: BodySource): Buffer {
  let body: Buffer
  try {
    body = readFileSync(source.file)
  } catch (error) {
    throw new CacheCorruptError(`Missing cached body ${source.file}`, {cause: error})
  }
  if (sha256(body) !== source.sum || !(source.htmlBytes >= 0 && source.htmlBytes <= body.length)) throw new CacheCorruptError(`Cached body ${source.file} does not match its checksum`)
  return body
}

/**
 * A release of the cache: `hot` now, `cold` on first use, and its `html` read from the cache on each use
 * (the newest few kept), so a big newsroom's bodies stay on disk.
 */
function lazyRelease(hot: HotMeta, cold: () => ColdMeta, bodySource: BodySource, recentBodies: Bodies, onDamage?: (error: CacheCorruptError) => void): Release {
  const path = bodySource.file
  // Only NewsML reads it, once per item written: nothing to keep.
  const xhtml = (): string => noting(onDamage, () => readStoredXhtml(bodySource))
  const body = (): string => {
    const recent = recentBodies.get(path)
    if (recent) return recent
    const read = noting(onDamage, () => readStoredBody(bodySource))
    if (recentBodies.size >= recentLimit) recentBodies.delete(recentBodies.keys().next().value as string)
    recentBodies.set(path, read)
    return read
  }
  return cachedRelease(hot, {cold, body, xhtml, bodySource})
}

/** `read()`, telling `onDamage` of the cache damage it throws. */
function noting<T>(onDamage: ((error: CacheCorruptError) => void) | undefined, read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof CacheCorruptError) onDamage?.(error)
    throw error
  }
}

/** The index's cold file, read (and checked against its checksum) when a release first reads a field kept there. */
interface ColdFile {
  bytes(): Buffer
  meta(ref: [offset: number, length: number]): ColdMeta
}

function lazyColdFile(path: string, sum: string): ColdFile {
  let bytes: Buffer | undefined
  const file: ColdFile = {
    bytes() {
      if (bytes) return bytes
      let read: Buffer
      try {
        read = readFileSync(path)
      } catch (error) {
        throw new CacheCorruptError(`Missing render cache file ${path}`, {cause: error})
      }
      if (sha256(read) !== sum) throw new CacheCorruptError(`Render cache file ${path} does not match its checksum`)
      return (bytes = read)
    },
    meta([offset, length]) {
      const all = file.bytes()
      if (!(offset >= 0 && length > 0 && offset + length <= all.length)) throw new CacheCorruptError(`Render cache file ${path} has no entry at ${offset}`)
      try {
        return JSON.parse(all.toString('utf8', offset, offset + length)) as ColdMeta
      } catch (error) {
        throw new CacheCorruptError(`Render cache file ${path} has a damaged entry at ${offset}`, {cause: error})
      }
    }
  }
  return file
}

/**
 * The index to write whole: every release's cold fields moved to one new file (kept ones copied from the old file as
 * they are), named by its checksum, and the entries pointing into it.
 */
function withColdFile(index: CacheIndex, old: ColdFile | undefined): {index: CacheIndex; coldBytes: Buffer} {
  const parts: Buffer[] = []
  let offset = 0
  const entries: Record<string, CachedRender> = {}
  for (const [key, entry] of Object.entries(index.entries)) {
    if (!entry.release) {
      entries[key] = entry
      continue
    }
    let hot: HotMeta
    let bytes: Buffer
    if (entry.cold) {
      if (!old) throw new CacheCorruptError(`Render cache entry ${key} names a cold file the index does not`)
      hot = entry.release
      bytes = old.bytes().subarray(entry.cold[0], entry.cold[0] + entry.cold[1])
    } else {
      const split = splitMeta(entry.release as ReleaseMetaRecord)
      hot = split.hot
      bytes = Buffer.from(asciiJson(split.cold))
    }
    entries[key] = {...entry, release: hot, cold: [offset, bytes.length]}
    parts.push(bytes)
    offset += bytes.length
  }
  const coldBytes = Buffer.concat(parts)
  if (parts.length === 0) return {index: {stamp: index.stamp, entries, files: index.files}, coldBytes}
  const sum = sha256(coldBytes)
  return {index: {stamp: index.stamp, cold: {file: `renders-${sum.slice(0, 16)}.cold`, sum}, entries, files: index.files}, coldBytes}
}
