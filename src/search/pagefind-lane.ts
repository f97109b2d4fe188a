import {parentPort, workerData} from 'node:worker_threads'
import * as pagefind from 'pagefind'

/**
 * Pagefind's API, from the one module that imports the package: each module instance has a binary of its own, this
 * thread's for the thread that loads it (see `writePagefindBundles`), and a lane thread's for a lane.
 */
export {pagefind}

/** What a lane thread is started with, so that this module serves requests only in a thread meant for it. */
export const laneThreadData = {pagefindLane: true} as const

/** What the Pagefind of a lane thread (see `writePagefindBundles`) is asked to do. */
export type LaneOp =
  | {op: 'create'; language: string}
  | {op: 'add'; index: number; url: string; html: string}
  | {op: 'write'; index: number; folder: string}
  | {op: 'delete'; index: number}
  | {op: 'close'}

/** A request to a lane thread, answered by the {@link LaneReply} of its `id`. */
export type LaneRequest = {id: number} & LaneOp

/** What Pagefind answered: its errors, and for `create` the index made. */
export interface LaneReply {
  id: number
  errors: string[]
  index?: number
}

/**
 * A worker thread with a Pagefind of its own: the package keeps one binary per module instance, and that binary takes
 * one message at a time, so a second bundle is indexed beside the first only by a second instance, in a thread. It
 * does what the thread that started it asks, in order, and answers each request.
 */
const port = parentPort
if (port !== null && (workerData as Partial<typeof laneThreadData> | null)?.pagefindLane === true) {
  const indexes = new Map<number, pagefind.PagefindIndex>()
  let next = 0
  const answer = async (request: LaneRequest): Promise<LaneReply> => {
    const {id} = request
    switch (request.op) {
      case 'create': {
        const {errors, index} = await pagefind.createIndex({forceLanguage: request.language})
        if (!index) return {id, errors}
        indexes.set(next, index)
        return {id, errors, index: next++}
      }
      case 'add':
        return {id, errors: (await indexOf(request.index).addHTMLFile({url: request.url, content: request.html})).errors}
      case 'write':
        return {id, errors: (await indexOf(request.index).writeFiles({outputPath: request.folder})).errors}
      case 'delete':
        await indexOf(request.index).deleteIndex()
        indexes.delete(request.index)
        return {id, errors: []}
      case 'close':
        await pagefind.close()
        return {id, errors: []}
    }
  }
  const indexOf = (index: number) => {
    const found = indexes.get(index)
    if (found === undefined) throw new Error(`no Pagefind index ${index} in this thread`)
    return found
  }
  // While Pagefind owes an answer, its process alone keeps this thread alive: a binary that stops without answering
  // (it panics on a folder it cannot make) then ends the thread, which the other thread takes as Pagefind stopping.
  let pending = 0
  const settled = () => {
    if (--pending === 0) port.ref()
  }
  port.on('message', (request: LaneRequest) => {
    if (pending++ === 0) port.unref()
    answer(request).then(
      (reply) => port.postMessage(reply),
      (error: unknown) => port.postMessage({id: request.id, errors: [error instanceof Error ? error.message : String(error)]} satisfies LaneReply)
    ).finally(settled)
  })
}
