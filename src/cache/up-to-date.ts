import {createHash} from 'node:crypto'
import {readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {VFile} from 'vfile'
import type {Config} from '../config/config-schema.js'
import {fileFromRecords, toMessageRecords, type MessageRecord} from '../render/message-record.js'
import type {HoldReason, Release} from '../release/release.js'
import {filesOrNone, findReleaseFiles, listFiles, relativePath} from '../release/find-release-files.js'
import {configStamp, folderHash} from './build-stamp.js'
import {outMarkerStamp} from './page-manifest.js'
import {organizationsDirOf} from '../release/organization.js'

/** The instants between which the clock may move without changing any output of a build (null: unbounded). */
export interface ClockRange {
  validFrom: number | null
  validUntil: number | null
}

// This module is loaded before anything heavy (unified, LiquidJS): a no-op build must answer in well under a second.

/** Where a build reads from and writes to: what decides whether its outputs can still be the same. */
export interface BuildInputs {
  config: Config
  releasesDir: string
  outDir: string
  publicDir?: string
  cwd: string
}

/** What a build that changed nothing reports: the messages and holds of the last build, as they were. */
export interface UpToDate {
  files: VFile[]
  published: number
  held: Array<{path: string; reason: HoldReason; embargoText?: string; date?: string}>
}

interface Manifest {
  inputs: string
  /** The out folder's marker as the build left it: another writer of `out/` changes it. */
  marker: string
  /** The clock may move within [validFrom, validUntil) without changing any output (null: unbounded). */
  validFrom: number | null
  validUntil: number | null
  published: number
  held: UpToDate['held']
  messages: Array<{path: string; messages: MessageRecord[]}>
}

// The same folder create-liquid.ts renders from, found the same way, without loading LiquidJS.
const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url))

function manifestPath(inputs: BuildInputs): string {
  return join(dirname(resolve(inputs.cwd, inputs.outDir)), '.pressroom-cache', 'outputs.json')
}

/** A release file as the fingerprint saw it: enough for the render cache to know it unchanged without a second stat. */
export interface SeenFile {
  /** Absolute. */
  path: string
  size: number
  mtimeMs: number
}

/** The inputs as a build found them before reading any: their fingerprint, and every release file with its stat. */
export interface InputsSnapshot {
  fingerprint: string
  /** Sorted, as `findReleaseFiles` lists them. */
  releaseFiles: SeenFile[]
}

/**
 * A hash of everything a build reads (config, pipeline, version, templates, public files, release files by size and
 * mtime), with the release files it stat'ed, so a build does not list and stat them again.
 */
export function snapshotInputs(inputs: BuildInputs): InputsSnapshot {
  const hash = createHash('sha256').update(configStamp(inputs.config)).update('\0').update(folderHash(templatesDir))
  hash.update('\0').update(resolve(inputs.cwd, inputs.outDir))
  const releaseFiles: SeenFile[] = []
  // Organization files are read by every release that names them: an edit of one is a change like a release's.
  for (const dir of [inputs.releasesDir, inputs.publicDir, organizationsDirOf(inputs.releasesDir)]) {
    if (dir === undefined) continue
    const root = resolve(inputs.cwd, dir)
    const paths = filesOrNone(() => (dir === inputs.releasesDir ? findReleaseFiles(root) : listFiles(root)))
    hash.update(`\0${dir}\0`)
    for (const path of paths) {
      // Synchronous: thousands of awaited stats cost ten times more than the stats themselves.
      const info = statSync(path)
      if (dir === inputs.releasesDir) releaseFiles.push({path, size: info.size, mtimeMs: info.mtimeMs})
      hash.update(`${relativePath(root, path)}\0${info.size}\0${info.mtimeMs}\0`)
    }
  }
  return {fingerprint: hash.digest('hex'), releaseFiles}
}

function markerStamp(inputs: BuildInputs): string | undefined {
  return outMarkerStamp(resolve(inputs.cwd, inputs.outDir))
}

/** Forget the last build's manifest, before `out/` is replaced: a build that dies midway must not look finished. */
export function forgetUpToDate(inputs: BuildInputs): void {
  rmSync(manifestPath(inputs), {force: true})
}

/** Remember a finished build: its inputs (fingerprinted before it read them), messages, holds and clock range. */
export function rememberBuild(inputs: BuildInputs, fingerprint: string, result: {files: readonly VFile[]; published: number; held: ReadonlyArray<{release: Release; reason: HoldReason}>}, clock: ClockRange): void {
  const marker = markerStamp(inputs)
  if (marker === undefined) return
  const manifest: Manifest = {
    inputs: fingerprint,
    marker,
    ...clock,
    published: result.published,
    held: result.held.map(({release, reason}) => ({path: release.path, reason, ...(release.embargoText === undefined ? {} : {embargoText: release.embargoText}), ...(reason.kind === 'scheduled' ? {date: release.date} : {})})),
    messages: result.files.filter((file) => file.messages.length > 0).map((file) => ({path: file.path, messages: toMessageRecords(file)}))
  }
  writeFileSync(manifestPath(inputs), JSON.stringify(manifest))
}

/** The last build's report when nothing it read has changed, `out/` is as it left it, and `now` is in its range. */
export function checkUpToDate(inputs: BuildInputs, now: number): UpToDate | undefined {
  return inspectInputs(inputs, now).upToDate
}

/**
 * {@link checkUpToDate}, plus the inputs' snapshot when it had to take one: a build that follows at once can reuse it
 * (it was taken before the build read anything), instead of listing and stating every release file a second time.
 */
export function inspectInputs(inputs: BuildInputs, now: number): {upToDate?: UpToDate; snapshot?: InputsSnapshot} {
  let manifest: Manifest
  try {
    manifest = JSON.parse(readFileSync(manifestPath(inputs), 'utf8')) as Manifest
  } catch {
    return {}
  }
  if (!Array.isArray(manifest.held) || !Array.isArray(manifest.messages) || typeof manifest.published !== 'number') return {}
  if (manifest.validFrom !== null && now < manifest.validFrom) return {}
  if (manifest.validUntil !== null && now >= manifest.validUntil) return {}
  if (manifest.marker !== markerStamp(inputs)) return {}
  const snapshot = snapshotInputs(inputs)
  if (manifest.inputs !== snapshot.fingerprint) return {snapshot}
  return {upToDate: {files: manifest.messages.map((entry) => fileFromRecords(entry.path, entry.messages)), published: manifest.published, held: manifest.held}, snapshot}
}
