import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import type {Config} from '../config/config-schema.js'
import {bodySourceOf, CacheCorruptError, releaseMeta, type BodySource, type ReleaseMetaRecord, type StoredRender} from '../cache/render-cache.js'
import {type Release, releaseHtml} from '../release/release.js'
import type {MessageRecord} from '../render/message-record.js'
import type {ReleasePageExtras} from '../site/release-page-extras.js'
import {noOrganizations, type OrganizationSet} from '../release/organization.js'

/** One release file for a worker: its path (as messages name it) and its bytes. */
export interface RenderTask {
  kind: 'release'
  id: number
  path: string
  bytes: Uint8Array
  /** Where the worker stores the body for the build cache, so the HTML never has to cross back to the main thread. */
  bodyFile?: string
}

/**
 * One release page for a worker to render with the templates in `templatesDir` and write to `file`. A release from the
 * build cache comes without its bodies, which the worker reads from `bodies` itself: read here, a big newsroom's bodies
 * filled this thread's heap with strings that no collection ran for.
 */
export type PageTask = {
  kind: 'page'
  id: number
  file: string
  templatesDir: string
  extras?: ReleasePageExtras
} & ({release: Release; bodies?: undefined} | {release: ReleaseMetaRecord; bodies: BodySource})

/**
 * A worker's answer: the file's messages and, when none is fatal, the release; a page written; or the error that
 * escaped (`corrupt` when a stored body failed its checksum).
 */
export type RenderReply = ({id: number} & Rendered) | {id: number; written: true} | {id: number; error: string; corrupt?: boolean}

/** A rendered release file as the main thread gets it back: the release, or what the worker stored of it. */
export interface Rendered {
  messages: MessageRecord[]
  /** The organization slugs the file names: its render read their files. */
  organizations?: string[]
  release?: Release
  stored?: StoredRender
}

/** Worker threads that check and render release files, each with its own unified processor, and write release pages. */
export interface RenderPool {
  size: number
  render(path: string, bytes: Uint8Array, bodyFile?: string): Promise<Rendered>
  writePage(release: Release, file: string, templatesDir: string, extras?: ReleasePageExtras): Promise<void>
  close(): Promise<void>
}

/** The compiled worker script: from `dist/` it sits beside this module; from `src/` (tests) use the compiled copy. */
function workerScript(): URL {
  const here = import.meta.url
  return here.endsWith('.ts') ? new URL('../../dist/build/render-worker.js', here) : new URL('./render-worker.js', here)
}

/**
 * A render worker's young generation, in MiB. Its semi-spaces are committed for as long as the worker lives, in each
 * worker at once: the render phase's memory grows with it. Smaller, a worker collects more often, and V8's collector
 * threads then took a good part of both cores from the renderers; this size keeps the render phase's memory below
 * the build's peak, which comes later, while the site is written beside the search index (release pages, whose
 * garbage is smaller, take less: see `pooledPageWriter`).
 */
export const renderYoungGenerationMb = 32

/**
 * Start `size` workers (default: one per core). Close the pool when done, or its threads keep the process alive.
 * `youngGenerationMb` bounds each worker's young generation (see below).
 */
export function createRenderPool(config: Config, size = availableParallelism(), youngGenerationMb = renderYoungGenerationMb, organizations: OrganizationSet = noOrganizations): RenderPool {
  // Each task waits here for its reply, render or page alike: `settle` turns the reply into its result, or throws.
  const pending = new Map<number, {settle(reply: RenderReply): void; reject(error: Error): void}>()
  const load = new Map<Worker, number>()
  let nextId = 0
  let broken: Error | undefined
  const workers = Array.from({length: Math.max(1, size)}, () => {
    // The young generation bounds how much of a release's short-lived syntax trees a worker collects at once: a
    // trade of the render phase's memory against the time spent collecting (see `renderYoungGenerationMb`).
    const worker = new Worker(workerScript(), {workerData: {config, organizations}, resourceLimits: {maxYoungGenerationSizeMb: youngGenerationMb}})
    load.set(worker, 0)
    worker.on('message', (reply: RenderReply) => {
      load.set(worker, (load.get(worker) ?? 1) - 1)
      const waiting = pending.get(reply.id)
      pending.delete(reply.id)
      waiting?.settle(reply)
    })
    // A dead worker fails every task still waiting, so the build stops instead of hanging.
    worker.on('error', (error) => {
      broken = error
      for (const waiting of pending.values()) waiting.reject(error)
      pending.clear()
    })
    return worker
  })
  // The least busy worker takes a task, so one slow file does not stall a queue behind it.
  const leastBusy = () => {
    let chosen = workers[0] as Worker
    for (const worker of workers) if ((load.get(worker) ?? 0) < (load.get(chosen) ?? 0)) chosen = worker
    load.set(chosen, (load.get(chosen) ?? 0) + 1)
    return chosen
  }
  const dispatch = <T>(task: (id: number) => RenderTask | PageTask, result: (reply: RenderReply) => T): Promise<T> => {
    if (broken) return Promise.reject(broken)
    const id = nextId++
    const chosen = leastBusy()
    return new Promise<T>((resolve, reject) => {
      const settle = (reply: RenderReply) => {
        try {
          resolve(result(reply))
        } catch (error) {
          reject(error as Error)
        }
      }
      pending.set(id, {settle, reject})
      chosen.postMessage(task(id))
    })
  }
  return {
    size: workers.length,
    render(path, bytes, bodyFile) {
      return dispatch(
        (id) => ({kind: 'release', id, path, bytes, ...(bodyFile === undefined ? {} : {bodyFile})}),
        (reply): Rendered => {
          if ('error' in reply) throw new Error(`Rendering failed in a worker thread: ${reply.error}`)
          if ('written' in reply) throw new Error('Rendering failed in a worker thread: it answered with a written page')
          const {id: _id, ...rendered} = reply
          return rendered
        }
      )
    },
    writePage(release, file, templatesDir, extras) {
      const bodies = bodySourceOf(release)
      const page = {kind: 'page' as const, file, templatesDir, ...(extras ? {extras} : {})}
      return dispatch(
        (id): PageTask => (bodies ? {...page, id, release: releaseMeta(release), bodies} : {...page, id, release: {...releaseMeta(release), body: {html: releaseHtml(release)}}}),
        (reply) => {
          if ('error' in reply) throw reply.corrupt === true ? new CacheCorruptError(reply.error) : new Error(`Could not write a release page: ${reply.error}`)
        }
      )
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()))
    }
  }
}
