import {parentPort, workerData} from 'node:worker_threads'
import {PressroomError} from '../report/pressroom-error.js'
import {writePagefindBundles, type SearchPage} from './write-pagefind-bundles.js'

/** What {@link writePagefindBundlesInThread} hands the thread: each bundle's language, folder and pages. */
export interface ThreadBundles {
  bundles: Array<{language: string; folder: string; pages: SearchPage[]}>
}

/** What the thread tells: a bundle written (by its index), all of them written, or why it stopped. */
export type ThreadReply = {written: number} | {done: true} | {failed: {code?: string; message: string; hint?: string}}

// The thread's program: Pagefind is fed from this thread's own event loop, which nothing else holds up.
const port = parentPort
if (port !== null) {
  const {bundles} = workerData as ThreadBundles
  const tell = (reply: ThreadReply) => port.postMessage(reply)
  writePagefindBundles(bundles.map((bundle, index) => ({...bundle, onWritten: () => tell({written: index})}))).then(
    () => tell({done: true}),
    (error: unknown) => tell({failed: error instanceof PressroomError ? {code: error.code, message: error.message, ...(error.hint === undefined ? {} : {hint: error.hint})} : {message: error instanceof Error ? error.message : String(error)}})
  )
}
