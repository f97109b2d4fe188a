import {readdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {Worker, type WorkerOptions} from 'node:worker_threads'
import {PressroomError} from '../report/pressroom-error.js'
import type {LaneOp, LaneReply, laneThreadData} from './pagefind-lane.js'

/** A page of the search index: its root-relative URL and an HTML document of what it is found by. */
export interface SearchPage {
  url: string
  html: string
}

// Pagefind's ready-made interfaces: the search page runs a script of ours on its JavaScript API instead, so they are
// never loaded and need not be deployed.
const unusedFile = /^(?:pagefind-(?:ui|component-ui|modular-ui|highlight)\.|playground$)/

/** One bundle to write: the pages of one language, indexed with its stemmer, and the folder Pagefind writes them into. */
export interface BundleToWrite {
  language: string
  folder: string
  pages: Iterable<SearchPage>
  /** Called once Pagefind wrote the bundle into its folder. */
  onWritten?: () => void
}

/** How {@link writePagefindBundles} feeds Pagefind. */
export interface FeedOptions {
  /** The most pages sent to Pagefind and not yet taken by it; by default {@link pagesInFlight}. */
  inFlight?: number
  /** Called as Pagefind has taken each page. */
  onAdded?: (page: SearchPage) => void
  /** Called once Pagefind has work to get on with: a window of pages, or every page of the first bundle; or no bundle. */
  onFed?: () => void
  /**
   * How many Pagefind binaries index bundles side by side, each taking the next bundle as it is done; 1 by default.
   * Pagefind takes one message at a time: on more than one core, a second binary indexes the next bundle beside it.
   */
  lanes?: number
  /**
   * When the lanes beyond the first may start, if there are bundles left then: a second binary then indexes beside the
   * first only once the other outputs are written and the build's memory is down from its peak. At once if not given.
   */
  lanesFrom?: Promise<unknown>
}

/**
 * Pages sent to Pagefind before it answered for the first: enough that its binary always has the next page in its
 * pipe while this thread makes more, and has every page of a shard an edit indexes again (a quarter of one language:
 * some hundred releases) before this thread goes on to plan the other outputs, a stretch no answer gets in; few enough
 * that a big newsroom's documents never all exist at once.
 */
export const pagesInFlight = 256

/**
 * Index each bundle's pages with Pagefind (through `pagefind-lane.ts`, the one module that imports it) and write the
 * bundle into its folder, one bundle after the other on one Pagefind binary, or on as many as `options.lanes` says, each
 * taking the next bundle. Pagefind's package is loaded only once a bundle is to be indexed, since it starts those
 * binaries, which this stops before returning.
 *
 * Pages are taken from each iterable as Pagefind takes them, a bounded window of them sent ahead (a page awaited before
 * the next was sent left the binary idle for a round trip over its pipe per page): a big newsroom's documents never
 * all exist at once. Pagefind writes the bundle itself, so its files never pass through this thread (asked for in
 * memory, they came back base64-encoded in one message, the whole index held several times over).
 */
export async function writePagefindBundles(bundles: Iterable<BundleToWrite>, options: FeedOptions = {}): Promise<void> {
  // Pagefind's binary can stop without answering (it panics on a folder it cannot make), and its pipes do not hold the
  // event loop: that would empty, and the process end as if the build were done, unless told here.
  let onEmpty = () => {}
  const stopped = new Promise<never>((_, reject) => {
    onEmpty = () => reject(pagefindStopped())
  })
  process.once('beforeExit', onEmpty)
  try {
    await Promise.race([feedPagefind(bundles, options), stopped])
  } finally {
    process.off('beforeExit', onEmpty)
  }
}

async function feedPagefind(bundles: Iterable<BundleToWrite>, options: FeedOptions): Promise<void> {
  const {pagefind, laneThreadData: threadData} = await import('./pagefind-lane.js')
  const inFlight = Math.max(1, options.inFlight ?? pagesInFlight)
  let fed = options.onFed
  const onFed = () => {
    fed?.()
    fed = undefined
  }
  const queue = bundles[Symbol.iterator]()
  let failed = false
  /** The next bundle to index, until there is none or a lane failed. */
  const take = (): BundleToWrite | undefined => {
    if (failed) return undefined
    const next = queue.next()
    return next.done === true ? undefined : next.value
  }
  const lanes: Lane[] = [pagefind]
  /** Index bundles on `lane` as long as there are any, beginning with `bundle`. */
  const run = async (lane: Lane, bundle: BundleToWrite | undefined) => {
    for (; bundle !== undefined; bundle = take()) {
      try {
        await indexBundle(lane, bundle, inFlight, options.onAdded, onFed)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const runs: Array<Promise<void>> = []
  /** Run `lane` from `bundle`: its failure is handled at once, for a lane added while the others were awaited. */
  const start = (lane: Lane, bundle: BundleToWrite | undefined) => {
    const running = run(lane, bundle)
    running.catch(() => undefined)
    runs.push(running)
  }
  start(pagefind, take())
  // A thread is started only for a bundle left to index: one bundle, or one lane, is indexed on this thread's Pagefind.
  // Once every lane has ended, none is: they end only when no bundle is left or one failed.
  const addLanes = () => {
    for (let added = 1; added < (options.lanes ?? 1); added++) {
      const bundle = take()
      if (bundle === undefined) return
      const lane = threadLane(threadData)
      lanes.push(lane)
      start(lane, bundle)
    }
  }
  if ((options.lanes ?? 1) > 1) void (options.lanesFrom ?? Promise.resolve()).then(addLanes, () => undefined)
  try {
    // Until no lane was added while the others were awaited.
    let ran: Array<PromiseSettledResult<void>>
    do ran = await Promise.allSettled(runs)
    while (ran.length < runs.length)
    onFed()
    for (const result of ran) if (result.status === 'rejected') throw result.reason
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()))
  }
}

/** One Pagefind binary, as {@link feedPagefind} uses it: the package's own, or a lane thread's. */
interface Lane {
  createIndex(config: {forceLanguage: string}): Promise<{errors: string[]; index?: LaneIndex | undefined}>
  close(): Promise<unknown>
}

/** An index being made on a {@link Lane}. */
interface LaneIndex {
  addHTMLFile(file: {url: string; content: string}): Promise<{errors: string[]}>
  writeFiles(options: {outputPath: string}): Promise<{errors: string[]}>
  deleteIndex(): Promise<unknown>
}

/** Index the pages of `bundle` on `lane` and write it into its folder, a window of `inFlight` pages ahead of Pagefind. */
async function indexBundle(lane: Lane, {language, folder, pages, onWritten}: BundleToWrite, inFlight: number, onAdded: FeedOptions['onAdded'], onFed: () => void): Promise<void> {
  // Forced, so every page of the bundle is in one index with that language's stemmer and word segmentation.
  const {errors, index} = await lane.createIndex({forceLanguage: language})
  if (!index) throw indexFailed(language, errors)
  const sent = new Set<Promise<void>>()
  let failure: PressroomError | undefined
  for (const page of pages) {
    const added = index.addHTMLFile({url: page.url, content: page.html}).then((response) => {
      if (response.errors.length > 0) failure ??= indexFailed(language, response.errors)
      else onAdded?.(page)
    })
    // Settled here, so a failed page is thrown once every page sent is answered, never left unhandled.
    const settled = added.catch((error: unknown) => void (failure ??= indexFailed(language, [String(error)]))).finally(() => sent.delete(settled))
    sent.add(settled)
    if (sent.size >= inFlight) {
      onFed()
      await Promise.race(sent)
    }
    if (failure) break
  }
  onFed()
  await Promise.all(sent)
  if (failure) throw failure
  const written = await index.writeFiles({outputPath: folder})
  if (written.errors.length > 0) throw indexFailed(language, written.errors)
  for (const name of readdirSync(folder)) if (unusedFile.test(name)) rmSync(join(folder, name), {recursive: true, force: true})
  await index.deleteIndex()
  onWritten?.()
}

/** The compiled lane thread: from `dist/` it sits beside this module; from `src/` (tests) use the compiled copy. */
function laneScript(): URL {
  const here = import.meta.url
  return here.endsWith('.ts') ? new URL('../../dist/search/pagefind-lane.js', here) : new URL('./pagefind-lane.js', here)
}

/**
 * The young generation of a lane thread, in MiB. The thread only hands pages on to its binary, and a page is garbage
 * once sent: with V8's default the thread grew its young generation to the default's bound all the same, in the end
 * phase of a big build, where the build's memory peaks.
 */
export const laneYoungGenerationMb = 4

/** How a lane thread is started: `threadData` tells `pagefind-lane.ts` it is one. */
export function laneThreadOptions(threadData: typeof laneThreadData): WorkerOptions {
  // None of this process's own flags: the thread runs a file of its own (`--input-type` would refuse one) and needs none.
  return {execArgv: [], workerData: threadData, resourceLimits: {maxYoungGenerationSizeMb: laneYoungGenerationMb}}
}

/**
 * A lane on a worker thread with a Pagefind of its own (see `pagefind-lane.ts`). The thread holds the process open only
 * while it owes an answer; one that ends then (its Pagefind stopped without answering) fails what it owed.
 */
function threadLane(threadData: typeof laneThreadData): Lane {
  const worker = new Worker(laneScript(), laneThreadOptions(threadData))
  worker.unref()
  const waiting = new Map<number, {resolve(reply: LaneReply): void; reject(error: unknown): void}>()
  let nextId = 0
  let ended: unknown
  const fail = (error: unknown) => {
    ended ??= error
    for (const request of waiting.values()) request.reject(error)
    waiting.clear()
    worker.unref()
  }
  worker.on('message', (reply: LaneReply) => {
    const request = waiting.get(reply.id)
    waiting.delete(reply.id)
    if (waiting.size === 0) worker.unref()
    request?.resolve(reply)
  })
  worker.on('error', fail)
  worker.on('exit', () => fail(pagefindStopped()))
  const ask = (op: LaneOp) =>
    new Promise<LaneReply>((resolve, reject) => {
      if (ended !== undefined) return reject(ended)
      const id = nextId++
      if (waiting.size === 0) worker.ref()
      waiting.set(id, {resolve, reject})
      worker.postMessage({...op, id})
    })
  return {
    async createIndex({forceLanguage}) {
      const {errors, index} = await ask({op: 'create', language: forceLanguage})
      if (index === undefined) return {errors}
      return {
        errors,
        index: {
          addHTMLFile: ({url, content}) => ask({op: 'add', index, url, html: content}),
          writeFiles: ({outputPath}) => ask({op: 'write', index, folder: outputPath}),
          deleteIndex: () => ask({op: 'delete', index})
        }
      }
    },
    async close() {
      if (ended === undefined) await ask({op: 'close'}).catch(() => undefined)
      await worker.terminate()
    }
  }
}

function pagefindStopped(): PressroomError {
  return new PressroomError('SEARCH_INDEX_FAILED', 'Pagefind stopped before the search index was written', {
    hint: 'Pagefind says why above; check that the out folder and the build cache are writable and the disk is not full'
  })
}

function indexFailed(language: string, errors: readonly string[]): PressroomError {
  return new PressroomError('SEARCH_INDEX_FAILED', `Could not build a search index of language \`${language}\`: ${errors.join('; ') || 'Pagefind gave no reason'}`, {
    hint: 'Pagefind ships its binary in an optional dependency (@pagefind/<platform>): check that npm installed it'
  })
}
