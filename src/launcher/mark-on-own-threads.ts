import {setFlagsFromString} from 'node:v8'

/**
 * Have V8 mark this process's heaps, and those of the worker threads it starts, on the threads that own them (a step
 * at a time as they allocate, then in the pause) and no longer also on its helper threads while they run. A build
 * keeps every core busy with its own threads (renderers, the page thread, Pagefind): marking beside them only took
 * cores from them, and cost more in all than marking in place.
 *
 * Called first, before anything is compiled or collected: the setting is made once and never changed back, so no
 * collection begins under one setting and ends under the other. V8 leaves it out of what a code cache is checked
 * against, so the package's code cache is taken either way.
 */
export function markOnOwnThreads(): void {
  setFlagsFromString('--no-concurrent-marking')
}
