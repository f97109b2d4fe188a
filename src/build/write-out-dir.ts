import {readFileSync, realpathSync, rmSync, statSync, unlinkSync} from 'node:fs'
import {cp} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import type {OutputContext} from './output-context.js'
import type {OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'
import {pipelineVersion} from '../render/pipeline-version.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {discardStagingDir, nextBuildDir, otherBuildDir, prepareStagingDir, replaceBuildDir, swapInBuildDir} from './swap-out-dir.js'
import {applyStaging, linkBuild, listOutputs} from './apply-staging.js'
import {checkPublicFiles, publicEntries} from './check-public-files.js'
import {notePublicCopies, replacedPublicFiles} from './replaced-public-files.js'
import {pressroomVersion} from '../cache/build-stamp.js'
import {keptOutput, outputDeps, outputFile, outputKeys, type ReleaseHashes} from '../cache/output-keys.js'
import {forgetPageManifest, outMarkerStamp, readPageManifest, writePageManifest, type PageManifest} from '../cache/page-manifest.js'
import {openOutputStore, type OutputStore} from '../cache/output-store.js'
import {CacheCorruptError} from '../cache/render-cache.js'
import {writeBeside} from './write-beside.js'

/** What {@link writeOutDir} needs from the composition root. */
export interface WriteOutDirOptions {
  config: Config
  /** Published releases, newest first. */
  releases: readonly Release[]
  outDir: string
  cwd: string
  now: number
  publicDir?: string
  writers: ReadonlyArray<(context: OutputContext) => Promise<void>>
  /** The cache's hashes of a release (see `ReleaseHashes`); one without is hashed from its fields and body. */
  hashesOf?: (release: Release) => ReleaseHashes | undefined
  /** The files the writers may keep from the last build, as data: what the cache keys them by. */
  plans: (config: Config, releases: readonly Release[]) => readonly OutputPlan[]
  /** An output begun before the others are planned, and written beside their plans and writers. */
  first?: FirstOutput
  /** Handed to the writers as {@link OutputContext.writeReleasePages}. */
  writeReleasePages?: OutputContext['writeReleasePages']
  /** Handed to the writers as {@link OutputContext.newsmlVersions}. */
  newsmlVersions?: OutputContext['newsmlVersions']
  /** Handed to the writers as {@link OutputContext.liquidFor}. */
  liquidFor?: OutputContext['liquidFor']
  /** The build cache folder: given, unchanged release pages of the last build are kept instead of rendered again. */
  cacheDir?: string
  /** Keep unchanged outputs of the last build (false for `--no-cache`: everything is written, a new manifest too). */
  reuse?: boolean
  /** A `pressroom dev` build, which writes held-back releases too: its manifest is kept apart from a real build's. */
  preview?: boolean
  /** Called once everything is rendered, right before the build folder starts to change and `out/` is pointed at it. */
  beforeChange?: () => void
  /** Told of each public file an output was written over, by its `/`-separated path in the public folder. */
  onPublicFileReplaced?: (file: string) => void
}

/**
 * An output whose plans are few and cheap and whose writer mostly waits on another process (the search index, which
 * Pagefind's binary indexes): begun first, its process works while this thread plans and writes the other outputs.
 */
export interface FirstOutput {
  plans: (config: Config, releases: readonly Release[]) => readonly OutputPlan[]
  /**
   * Write the output; `ready` is called once the other process has work to get on with, when the others begin;
   * `othersWritten` settles once the others are written.
   */
  write: (context: OutputContext, ready: () => void, othersWritten: Promise<unknown>) => Promise<void>
}

/**
 * Bring the build folder `out/` does not link to up to date, then make `out/` a link to it in one rename: readers of
 * `out/` see the last build or this one, whole, and `out/` keeps its last good state when any writer fails. With a
 * cache, a rebuild renders only the release pages and feeds whose inputs changed since that folder was written, and
 * moves just those files into it; without one (or after anything unexpected) the folder is written whole.
 */
export async function writeOutDir(options: WriteOutDirOptions): Promise<void> {
  const target = resolve(options.cwd, options.outDir)
  const build = nextBuildDir(target)
  // One manifest per build folder: each describes what its folder holds, so a rebuild can start from either.
  const manifestPath = options.cacheDir === undefined ? undefined : join(options.cacheDir, `pages-${build.name}.json`)
  // Templates and config are in each output's key, by what it reads of them (see `outputDeps`).
  const stamp = `${pressroomVersion}/${pipelineVersion}/${options.preview === true ? 'preview' : 'site'}`
  // Only while `out/` links to the other folder: an out folder deleted or replaced by hand is written whole again.
  const reusable = manifestPath !== undefined && options.reuse !== false && build.linked
  const previous = reusable ? (readPageManifest(manifestPath, build.dir, stamp) ?? linkedCurrent(options.cacheDir as string, build, target, stamp)) : undefined
  const publicDir = options.publicDir === undefined ? undefined : resolve(options.cwd, options.publicDir)
  // Listed once, for the checks of every output's plans and the warning of public files written over.
  const entries = publicDir === undefined ? undefined : publicEntries(publicDir)
  const planning = manifestPath !== undefined || publicDir !== undefined
  const deps = manifestPath === undefined ? undefined : outputDeps(options.config, templatesDir)
  /** The plans of some outputs, checked against the public folder, and their keys. */
  const planned = (plans: readonly OutputPlan[]) => {
    // Before they are written: a public file in an output's way would fail the build half-way.
    // An output a public file stands in is written every time, over the public file's copy, even when unchanged.
    const shadowed = new Set(publicDir === undefined ? [] : checkPublicFiles(publicDir, entries, plans))
    return {plans, keys: deps === undefined ? {} : outputKeys(plans, deps, options.hashesOf), shadowed}
  }
  const first = planned(planning && options.first !== undefined ? options.first.plans(options.config, options.releases) : [])
  // Not a preview's: its outputs include held-back releases, and it has a cache of its own.
  const store = manifestPath === undefined || options.preview === true ? undefined : freshStore(join(options.cacheDir as string, 'output-files'), stamp, options.reuse !== false)
  const staging = prepareStagingDir(target)
  const restorings: Array<Promise<string[]>> = []
  const base = {
    config: options.config,
    releases: options.releases,
    outDir: staging,
    now: options.now,
    ...(options.writeReleasePages ? {writeReleasePages: options.writeReleasePages} : {}),
    ...(options.liquidFor ? {liquidFor: options.liquidFor} : {}),
    ...(options.newsmlVersions ? {newsmlVersions: options.newsmlVersions} : {})
  }
  /**
   * What of `keys` is already in place (the last build's, unchanged) or linked in from the store (no build folder to
   * start from: a CI deploy restores the cache folder alone), so not written again.
   */
  const reused = ({plans, keys, shadowed}: ReturnType<typeof planned>) => {
    const reusable = shadowed.size === 0 ? keys : Object.fromEntries(Object.entries(keys).filter(([path]) => !shadowed.has(path)))
    if (previous) return new Set(Object.keys(reusable).filter((path) => keptOutput(previous.keys[path], reusable[path] as string)))
    if (options.reuse === false) return undefined
    const {restored, restoring} = restoreOutputs(store, reusable, folderPaths(plans), staging)
    if (restoring !== undefined) restorings.push(restoring)
    return restored
  }
  /**
   * The other outputs' keys, what of them is unchanged, and of their plans only the folder outputs': past the keys,
   * nothing reads the others, one or more for every release, which stayed in memory through every writer to the
   * build's end, where its peak is.
   */
  const plannedOthers = () => {
    const all = planned(planning ? options.plans(options.config, options.releases) : [])
    return {...all, plans: all.plans.filter((plan) => plan.folder === true), unchanged: reused(all)}
  }
  // The other outputs, planned by the writer below once the first output is under way.
  let rest: ReturnType<typeof plannedOthers> | undefined
  try {
    await copyPublic(publicDir, staging)
    const publicCopies = entries === undefined || options.onPublicFileReplaced === undefined ? undefined : notePublicCopies(entries, staging)
    const firstUnchanged = reused(first)
    const others = async () => {
      rest = plannedOthers()
      const context: OutputContext = {...base, ...(rest.unchanged ? {unchanged: rest.unchanged} : {})}
      for (const write of options.writers) await write(context)
    }
    // Without a first output, the others begin at once: a writer that has ended lets them begin.
    await writeBeside((ready, othersWritten) => options.first?.write({...base, ...(firstUnchanged ? {unchanged: firstUnchanged} : {})}, ready, othersWritten) ?? Promise.resolve(), [others])
    if (publicCopies !== undefined) for (const file of replacedPublicFiles(staging, publicCopies)) options.onPublicFileReplaced?.(file)
    const plans = [...first.plans, ...(rest?.plans ?? [])]
    const keys = {...first.keys, ...rest?.keys}
    const folders = folderPaths(plans)
    const unchanged = previous && new Set([...(firstUnchanged ?? []), ...(rest?.unchanged ?? [])])
    // The restored files were linked in beside the writers: each must be there before the build is listed.
    const missing = (await Promise.all(restorings)).flat()
    if (missing.length > 0) throw new CacheCorruptError(`The build cache lost ${missing.length} stored output${missing.length === 1 ? '' : 's'}, ${missing[0]} first`)
    // A folder output written again (the search index) names its files by their contents: most are the last build's.
    const listed = listOutputs(staging)
    const same = previous ? sameAsBefore(staging, build.dir, listed, previous.outputs, plans.filter((plan) => plan.folder === true)) : []
    const sameSet = new Set(same)
    const staged = same.length === 0 ? listed : listed.filter((path) => !sameSet.has(path))
    // A key without a leading `/` names an output kept outside the out folder (the sample digest): not a file of it.
    const underFolders = filesByFolder(previous?.outputs ?? [], folders)
    const kept = [...(unchanged ?? [])].filter((path) => path.startsWith('/')).flatMap((path) => (folders.has(path) ? (underFolders.get(path) ?? []) : [outputFile(path)]))
    const outputs = [...staged, ...kept, ...same].sort()
    options.beforeChange?.()
    if (manifestPath !== undefined) forgetPageManifest(manifestPath)
    if (previous) {
      applyStaging(staging, build.dir, staged, previous.outputs, new Set(outputs))
      discardStagingDir(staging)
    } else replaceBuildDir(staging, build.dir)
    swapInBuildDir(build.dir, target)
    store?.keep(keys, build.dir, folders)
    const marker = outMarkerStamp(target)
    // A kept output's stored key is the key it has now: each output is stored under the key this build gave it.
    if (manifestPath !== undefined && marker !== undefined) {
      writePageManifest(manifestPath, {stamp, marker, outputs, keys})
      // Written whole: the other folder holds an older build or none, so the next rebuild would first have to catch it
      // up with every file. Linking it to this build now costs little beside writing every file, and keeps that off
      // the rebuild, the one a writer waits for. Not when the build was linked from the store: that is a CI deploy,
      // whose folders are thrown away after it, and where it is not, the first rebuild links the same files then.
      if (!previous && (firstUnchanged?.size ?? 0) + (rest?.unchanged?.size ?? 0) === 0) mirrorBuild(options.cacheDir as string, build, target, {stamp, marker, outputs, keys})
    }
  } catch (error) {
    // Not while files are still being linked into it.
    await Promise.allSettled(restorings)
    discardStagingDir(staging)
    throw error
  }
}

/** The site paths of the folder outputs of `plans`. */
function folderPaths(plans: readonly OutputPlan[]): Set<string> {
  return new Set(plans.filter((plan) => plan.folder === true).map((plan) => plan.path))
}

/** The output store in `dir`, emptied first unless `reuse` (`--no-cache` writes a fresh one). */
function freshStore(dir: string, stamp: string, reuse: boolean): OutputStore {
  if (!reuse) rmSync(dir, {recursive: true, force: true})
  return openOutputStore(dir, stamp)
}

/**
 * Link into `staging` each single-file output of `keys` the store holds under its key, in the background (`restoring`
 * resolves to the paths that could not be placed): `restored` is those paths, and the outputs kept outside the out
 * folder that the last build wrote under the key they have now (their writer checks they are there).
 */
function restoreOutputs(store: OutputStore | undefined, keys: Readonly<Record<string, string>>, folders: ReadonlySet<string>, staging: string): {restored?: Set<string>; restoring?: Promise<string[]>} {
  if (store === undefined) return {}
  const restored = new Set<string>()
  const linked: Array<[string, string]> = []
  for (const [path, key] of Object.entries(keys)) {
    if (folders.has(path) || !store.has(path, key)) continue
    restored.add(path)
    if (path.startsWith('/')) linked.push([path, key])
  }
  return {restored, restoring: store.restore(linked, staging)}
}

/**
 * Make the build folder `out/` does not link to hold the build just swapped in, by hard links, with its own manifest:
 * readers never see that folder, and a build killed midway leaves it without a manifest, so the next rebuild links it
 * again or writes it whole.
 */
function mirrorBuild(cacheDir: string, build: {name: string; dir: string}, target: string, manifest: PageManifest): void {
  const other = otherBuildDir(target, build.name)
  const manifestPath = join(cacheDir, `pages-${other.name}.json`)
  forgetPageManifest(manifestPath)
  rmSync(other.dir, {recursive: true, force: true})
  // The marker is linked too, so the other folder's marker stamp is the one this build's manifest holds.
  if (linkBuild(build.dir, other.dir, manifest.outputs) && outMarkerStamp(other.dir) === manifest.marker) writePageManifest(manifestPath, manifest)
  else rmSync(other.dir, {recursive: true, force: true})
}

/**
 * When the folder to write holds no build this one can start from (the first rebuild after a cold build), make it
 * hold the current one by hard links, so the rebuild writes what changed, not every page. Its manifest, or undefined.
 */
function linkedCurrent(cacheDir: string, build: {name: string; dir: string}, target: string, stamp: string): PageManifest | undefined {
  const current = readPageManifest(join(cacheDir, `pages-${otherBuildDir(target, build.name).name}.json`), target, stamp)
  if (current === undefined) return undefined
  rmSync(build.dir, {recursive: true, force: true})
  if (linkBuild(realpathSync(target), build.dir, current.outputs)) return current
  rmSync(build.dir, {recursive: true, force: true})
  return undefined
}

/**
 * Remove from the staging folder each file of a folder output that the build folder already holds with the same
 * bytes, so a rebuild moves in only the files that changed: the files removed, which the build folder keeps. A file the
 * folder's plan says is named by its contents is the same when its name (and size) is; the others are read and compared.
 */
function sameAsBefore(staging: string, buildDir: string, staged: readonly string[], previous: readonly string[], folders: readonly OutputPlan[]): string[] {
  const before = new Set(previous)
  const prefixes = folders.map((folder) => ({prefix: folder.path.slice(1), namedByContent: folder.namedByContent}))
  const same = staged.filter((path) => {
    const folder = before.has(path) ? prefixes.find(({prefix}) => path.startsWith(prefix)) : undefined
    return folder !== undefined && sameFile(join(staging, path), join(buildDir, path), folder.namedByContent?.test(path) === true)
  })
  for (const path of same) unlinkSync(join(staging, path))
  return same
}

/** Whether `a` holds what `b` does: by size alone when both are named by their contents (the name is the same). */
function sameFile(a: string, b: string, namedByContent: boolean): boolean {
  try {
    return statSync(a).size === statSync(b).size && (namedByContent || readFileSync(a).equals(readFileSync(b)))
  } catch {
    return false
  }
}

/**
 * The files of `outputs` (relative, forward slashes) under each folder site path of `folders`, in one pass over them:
 * a rebuild keeps dozens of folders (the search shards) among ten thousand outputs.
 */
function filesByFolder(outputs: readonly string[], folders: ReadonlySet<string>): Map<string, string[]> {
  const byFolder = new Map<string, string[]>()
  if (folders.size === 0) return byFolder
  for (const file of outputs) {
    for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
      const folder = `/${file.slice(0, slash + 1)}`
      if (!folders.has(folder)) continue
      const files = byFolder.get(folder)
      if (files === undefined) byFolder.set(folder, [file])
      else files.push(file)
    }
  }
  return byFolder
}

async function copyPublic(publicDir: string | undefined, staging: string) {
  if (publicDir === undefined) return
  const exists = statSync(publicDir, {throwIfNoEntry: false})?.isDirectory() === true
  if (exists) await cp(publicDir, staging, {recursive: true})
}
