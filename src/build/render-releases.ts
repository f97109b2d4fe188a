import {readFileSync} from 'node:fs'
import type {ReleaseHashes} from '../cache/output-keys.js'
import type {RenderCache} from '../cache/render-cache.js'
import type {SeenFile} from '../cache/up-to-date.js'
import type {Config} from '../config/config-schema.js'
import {findReleaseFiles, relativePath} from '../release/find-release-files.js'
import {loadRelease} from '../release/load-release.js'
import {collectReleases, releasesRoot, type CheckedRelease, type LoadedReleases} from '../release/load-releases.js'
import {toMessageRecords} from '../render/message-record.js'
import {noOrganizations, type OrganizationSet} from '../release/organization.js'
import {forEachInFlight} from './for-each-in-flight.js'
import {createRenderPool, type Rendered} from './render-pool.js'

/** The newsroom as a build has it: every release checked, and how many of them were rendered in this run. */
export interface RenderedReleases extends LoadedReleases {
  /** How many files were rendered in this run (the rest came from the cache). */
  rendered: number
  /** The cache's hashes of each release, by id (none without a cache): what the output keys know them by. */
  hashes: ReadonlyMap<string, ReleaseHashes>
  /** The sha256 of each release file's bytes that the cache read to key it, by release id (see `RenderCache.sourceHashOf`). */
  sourceHashes: ReadonlyMap<string, string>
  /** How many times release files were read in this run: each new or changed file once, to key and render it. */
  filesRead: number
}

/** Options of {@link renderReleases}. */
export interface RenderReleasesOptions {
  config: Config
  releasesDir: string
  cwd: string
  /** Worker threads to render with; below {@link minPooledFiles} files to render, or at 0, all runs on this thread. */
  workers: number
  /** Renders of earlier builds: files whose bytes, config and pipeline are unchanged are not rendered again. */
  cache?: RenderCache
  /** Called as files finish: `done` of `total`. */
  onProgress?: (done: number, total: number) => void
  /**
   * The release files under `releasesDir` with their stats, as the build's fingerprint took them before anything was
   * read: the cache then knows unchanged files without listing and stating them again.
   */
  seenFiles?: readonly SeenFile[]
  /** The newsroom's organizations, checked (see {@link loadOrganizations}); default: none. */
  organizations?: OrganizationSet
  /** Called before rendering when there are at least {@link minPooledFiles} files to render. */
  onBulk?: () => void
}

/** Below this many files to render, starting worker threads costs more than it saves. */
export const minPooledFiles = 64

// Files read ahead of the workers: enough to keep them busy, few enough that memory stays flat.
const inFlightPerWorker = 4

/**
 * Check and render the newsroom's release files: the cache answers for the files it knows unchanged, and only the
 * others are rendered, on worker threads when there are enough of them.
 */
export async function renderReleases(options: RenderReleasesOptions): Promise<RenderedReleases> {
  const {cwd, cache} = options
  const organizations = options.organizations ?? noOrganizations
  const root = releasesRoot(options.releasesDir, cwd)
  const absolute = options.seenFiles ? options.seenFiles.map((file) => file.path) : findReleaseFiles(root)
  const paths = absolute.map((path) => relativePath(cwd, path))
  const results: Array<CheckedRelease | undefined> = new Array(paths.length)
  const keys: string[] = []
  const misses: number[] = []
  let done = 0
  // Files the cache read to key them (new or changed ones); each miss is read once more, to be rendered.
  let filesRead = 0
  for (let index = 0; index < paths.length; index++) {
    if (!cache) {
      misses.push(index)
      continue
    }
    const key = cache.keyOf(paths[index] as string, absolute[index] as string, options.seenFiles?.[index])
    keys[index] = key
    if (cache.sourceHashOf(paths[index] as string) !== undefined) filesRead++
    const hit = cache.get(key, organizations.hashes)
    if (hit) {
      results[index] = hit
      options.onProgress?.(++done, paths.length)
    } else misses.push(index)
  }

  const finish = (index: number, rendered: Rendered) => {
    const key = keys[index]
    const release =
      cache && key !== undefined
        ? rendered.release
          ? cache.set(key, rendered.messages, rendered.release, depsOf(rendered.organizations, organizations))
          : cache.adopt(key, rendered.messages, rendered.stored, depsOf(rendered.organizations, organizations))
        : rendered.release
    results[index] = release ? {messages: rendered.messages, release} : {messages: rendered.messages}
    options.onProgress?.(++done, paths.length)
  }
  if (misses.length >= minPooledFiles) options.onBulk?.()
  if (misses.length < minPooledFiles || options.workers < 1) {
    for (const index of misses) {
      const {file, release, organizations: named} = await loadRelease(paths[index] as string, readFileSync(absolute[index] as string), options.config, organizations)
      finish(index, {messages: toMessageRecords(file), ...(release ? {release} : {}), ...(named ? {organizations: named} : {})})
    }
  } else {
    // Closed as soon as every file is rendered: the workers' heaps, full of syntax trees, would otherwise stay for the
    // whole write.
    const pool = createRenderPool(options.config, options.workers, undefined, organizations)
    try {
      await forEachInFlight(misses, pool.size * inFlightPerWorker, async (index) => {
        const key = keys[index]
        const bodyFile = cache && key !== undefined ? cache.bodyFileOf(key) : undefined
        finish(index, await pool.render(paths[index] as string, readFileSync(absolute[index] as string), bodyFile))
      })
    } finally {
      await pool.close()
    }
  }
  const hashes = new Map<string, ReleaseHashes>()
  const sourceHashes = new Map<string, string>()
  for (const [index, result] of results.entries()) {
    const key = keys[index]
    const found = result?.release && key !== undefined ? cache?.hashesOf(key) : undefined
    if (found && result?.release) hashes.set(result.release.id, found)
    const source = cache?.sourceHashOf(paths[index] as string)
    if (source !== undefined && result?.release) sourceHashes.set(result.release.id, source)
  }
  return {...collectReleases(paths, results), rendered: misses.length, hashes, sourceHashes, filesRead: filesRead + misses.length}
}

/** The organization files a render read, by slug, as their hashes were then (`''`: no such organization). */
function depsOf(named: readonly string[] | undefined, organizations: OrganizationSet): Record<string, string> | undefined {
  if (named === undefined) return undefined
  return Object.fromEntries(named.map((slug) => [slug, organizations.hashes[slug] ?? '']))
}
