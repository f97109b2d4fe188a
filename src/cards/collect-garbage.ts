import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

let collect: (() => void) | undefined

/**
 * Run a full collection of this thread's heap now. resvg's drawings hold their pixels and font data outside V8's heap,
 * behind small objects V8 sees as cheap: a build that drew many cards kept each one's native memory until some later
 * collection, long after the card was written.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    // `gc` is given only to contexts made while the flag is set: one is made for it, and the flag is put back at once.
    setFlagsFromString('--expose-gc')
    collect = runInNewContext('gc') as () => void
    setFlagsFromString('--no-expose-gc')
  }
  collect()
}
