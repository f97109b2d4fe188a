/**
 * Wait for one turn of the event loop. A Liquid render settles in microtasks only, so a loop of renders on this thread
 * never lets a worker thread's reply in: the page threads then sat idle until the last page here was written.
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
