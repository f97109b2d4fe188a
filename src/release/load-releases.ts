import {readFileSync, statSync} from 'node:fs'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import type {RenderCache} from '../cache/render-cache.js'
import type {SeenFile} from '../cache/up-to-date.js'
import type {Config} from '../config/config-schema.js'
import {forEachInFlight} from '../build/for-each-in-flight.js'
import {fileFromRecords, toMessageRecords, type MessageRecord} from '../render/message-record.js'
import {createRenderPool, type Rendered} from '../build/render-pool.js'
import {PressroomError} from '../report/pressroom-error.js'
import {report} from '../report/report.js'
import {findReleaseFiles, relativePath} from './find-release-files.js'
import {loadRelease} from './load-release.js'
import type {Release} from './release.js'

/** Every release file checked and rendered, and one vfile per file that has messages (all problems, in file order). */
export interface LoadedReleases {
  files: VFile[]
  /** Every valid release, held back ones included: callers decide what to publish. */
  releases: Release[]
  /** How many files were rendered in this run (the rest came from the cache). */
  rendered: number
}

/** Options of {@link loadReleases}. */
export interface LoadReleasesOptions {
  config: Config
  releasesDir: string
  cwd?: string
  /** Worker threads to render with; below {@link minPooledFiles} files to render, or at 0, all runs on this thread. */
  workers?: number
  /** Renders of earlier builds: files whose bytes, config and pipeline are unchanged are not rendered again. */
  cache?: RenderCache
  /** Called as files finish: `done` of `total`. */
  onProgress?: (done: number, total: number) => void
  /**
   * The release files under `releasesDir` with their stats, as the build's fingerprint took them before anything was
   * read: the cache then knows unchanged files without listing and stating them again.
   */
  seenFiles?: readonly SeenFile[]
}

/** Below this many files to render, starting worker threads costs more than it saves. */
export const minPooledFiles = 64

// Files read ahead of the workers: enough to keep them busy, few enough that memory stays flat.
const inFlightPerWorker = 4

/** Load the newsroom: read every release under `releasesDir`, validate, render, and check ids are unique. */
export async function loadReleases(options: LoadReleasesOptions): Promise<LoadedReleases> {
  const cwd = options.cwd ?? process.cwd()
  const releasesDir = resolve(cwd, options.releasesDir)
  const exists = statSync(releasesDir, {throwIfNoEntry: false})?.isDirectory() === true
  if (!exists) {
    throw new PressroomError('RELEASES_DIR_MISSING', `The releases folder \`${options.releasesDir}\` does not exist`, {
      hint: 'Pass --releases DIR, or create `releases/` with `pressroom new "Title"`'
    })
  }
  const absolute = options.seenFiles ? options.seenFiles.map((file) => file.path) : findReleaseFiles(releasesDir)
  const paths = absolute.map((path) => relativePath(cwd, path))
  const results: Array<Rendered | undefined> = new Array(paths.length)
  const keys: string[] = []
  const todo: number[] = []
  const {cache} = options
  let done = 0
  for (let index = 0; index < paths.length; index++) {
    if (!cache) {
      todo.push(index)
      continue
    }
    const key = cache.keyOf(paths[index] as string, absolute[index] as string, options.seenFiles?.[index])
    keys[index] = key
    const hit = cache.get(key)
    if (hit) {
      results[index] = hit
      options.onProgress?.(++done, paths.length)
    } else todo.push(index)
  }

  const finish = (index: number, rendered: Rendered) => {
    const key = keys[index]
    const release =
      cache && key !== undefined
        ? rendered.release
          ? cache.set(key, rendered.messages, rendered.release)
          : cache.adopt(key, rendered.messages, rendered.stored)
        : rendered.release
    results[index] = release ? {messages: rendered.messages, release} : {messages: rendered.messages}
    options.onProgress?.(++done, paths.length)
  }
  const workers = options.workers ?? 0
  if (todo.length < minPooledFiles || workers < 1) {
    for (const index of todo) {
      const {file, release} = await loadRelease(paths[index] as string, readFileSync(absolute[index] as string), options.config)
      finish(index, release ? {messages: toMessageRecords(file), release} : {messages: toMessageRecords(file)})
    }
  } else {
    // Closed as soon as every file is rendered: the workers' heaps, full of syntax trees, would otherwise stay for the
    // whole write (726 MiB peak at 10k).
    const pool = createRenderPool(options.config, workers)
    try {
      await forEachInFlight(todo, pool.size * inFlightPerWorker, async (index) => {
        const key = keys[index]
        const bodyFile = cache && key !== undefined ? cache.bodyFileOf(key) : undefined
        finish(index, await pool.render(paths[index] as string, readFileSync(absolute[index] as string), bodyFile))
      })
    } finally {
      await pool.close()
    }
  }
  return {...checkUnique(paths, results), rendered: todo.length}
}

/**
 * Build the vfiles of the files with something to say and drop second releases of one id, reported on the later file
 * as before. A clean file gets no vfile: nothing reads one, and making 4,000 cost 10 ms of every rebuild.
 */
function checkUnique(paths: readonly string[], results: ReadonlyArray<Rendered | undefined>): Omit<LoadedReleases, 'rendered'> {
  const files: VFile[] = []
  const releases: Release[] = []
  const firstById = new Map<string, string>()
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index] as string
    const result = results[index] ?? {messages: [] as MessageRecord[]}
    const release = result.release
    const first = release && firstById.get(release.id)
    if (result.messages.length > 0 || first !== undefined) {
      const file = fileFromRecords(path, result.messages)
      files.push(file)
      if (release && first !== undefined) {
        report(file, 'duplicate-release', `Unexpected second release \`${release.id}\`, expected one per date and slug (also in \`${first}\`)`, {line: 1, column: 1})
        continue
      }
    }
    if (!release) continue
    firstById.set(release.id, path)
    releases.push(release)
  }
  return {files, releases}
}
