import {Worker} from 'node:worker_threads'
import {linkOrCopy, linkOrCopyCounts} from './link-or-copy.js'

/** Files to put in place by {@link linkInBackground}: each `[from, to]`, `to` in a folder tree that may not exist yet. */
export type LinkPairs = ReadonlyArray<readonly [from: string, to: string]>

// The thread's whole program, node:fs only, so it needs no bundle or file of its own: the plain case of `linkOrCopy`
// (make the folder once, link), each pair that fails that way handed back by its index for `linkOrCopy` to place.
const program = `
const {parentPort, workerData} = require('node:worker_threads')
const {linkSync, mkdirSync} = require('node:fs')
const {dirname} = require('node:path')
const made = new Set()
const failed = []
let folders = 0
workerData.pairs.forEach(([from, to], index) => {
  try {
    const folder = dirname(to)
    if (!made.has(folder)) {
      mkdirSync(folder, {recursive: true})
      made.add(folder)
      folders++
    }
    linkSync(from, to)
  } catch {
    failed.push(index)
  }
})
parentPort.postMessage({failed, folders})
`

/** Fewer pairs than this are linked on the calling thread: starting a thread (tens of ms) costs more than they do. */
export const backgroundLinksFrom = 100

/**
 * Link each of `pairs` into place on another thread, while this one goes on: a CI deploy links thousands of files into
 * as many new folders, and making a folder is a slow system call on some disks (about 0.2 ms on ext4 after a big delete)
 * that would otherwise hold this thread. A pair the thread could not link (another filesystem, a file in the way) is
 * placed by {@link linkOrCopy} here once the thread is done. Resolves to the `to` of each pair it could not place.
 */
export function linkInBackground(pairs: LinkPairs): Promise<string[]> {
  if (pairs.length < backgroundLinksFrom) return Promise.resolve(placeHere(pairs))
  return new Promise<string[]>((resolve, reject) => {
    let settled = false
    const worker = new Worker(program, {eval: true, workerData: {pairs}})
    worker.once('message', (reply: {failed: number[]; folders: number}) => {
      settled = true
      linkOrCopyCounts.links += pairs.length - reply.failed.length
      linkOrCopyCounts.linkCalls += pairs.length
      linkOrCopyCounts.folders += reply.folders
      try {
        resolve(placeHere(reply.failed.map((index) => pairs[index] as readonly [string, string])))
      } catch (error) {
        reject(error)
      }
    })
    // A thread that could not start or died: everything is placed here instead; a link already made is recognised.
    const instead = () => {
      if (settled) return
      settled = true
      try {
        resolve(placeHere(pairs))
      } catch (error) {
        reject(error)
      }
    }
    worker.once('error', instead)
    worker.once('exit', instead)
  })
}

// Each pair by `linkOrCopy`, folders made once; the `to` of those it could not place: the source is missing, or the
// file system refused even a copy.
function placeHere(pairs: LinkPairs): string[] {
  const folders = new Set<string>()
  const placed = ([from, to]: readonly [string, string]) => {
    try {
      return linkOrCopy(from, to, {folders}) !== undefined
    } catch {
      return false
    }
  }
  return pairs.filter((pair) => !placed(pair)).map(([, to]) => to)
}
