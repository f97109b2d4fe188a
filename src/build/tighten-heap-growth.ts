import {setFlagsFromString} from 'node:v8'

/**
 * How far past what was live after its last full collection V8 lets a heap grow before collecting it again, in percent.
 * A build keeps little alive (release facts, plans, keys) while it makes a great deal of short-lived garbage (syntax
 * trees, pages, feed items, search documents): by default V8 lets such a heap grow to several times its live size,
 * and that garbage was most of a big build's peak memory.
 */
export const buildHeapGrowthPercent = 30

/**
 * Have V8 collect this process's heaps, and those of the worker threads it starts, once they grow
 * {@link buildHeapGrowthPercent} past what was live: for a process that builds. Returns what puts V8's own heuristic
 * back, to be called once the build is done: V8 refuses a code cache made while a flag differs from a new process's,
 * and the package's compile cache is made at the exit of a build.
 */
export function tightenHeapGrowth(percent = buildHeapGrowthPercent): () => void {
  // V8 reads the flag at each full collection, when it sets the next limit: it takes effect in a running process.
  setFlagsFromString(`--heap-growing-percent=${percent}`)
  // Zero is V8's default: no fixed percentage, its own heuristic.
  return () => setFlagsFromString('--heap-growing-percent=0')
}
