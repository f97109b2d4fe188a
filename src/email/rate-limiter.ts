/** Spaces out handoffs to at most `perSecond` a second across all workers; no limit when undefined. */
export function createRateLimiter(perSecond: number | undefined, sleep: (ms: number) => Promise<void>, clock: () => number = Date.now): () => Promise<void> {
  if (perSecond === undefined || perSecond <= 0) return async () => {}
  const interval = 1000 / perSecond
  let next = 0
  return async () => {
    const now = clock()
    const slot = Math.max(now, next)
    next = slot + interval
    if (slot > now) await sleep(slot - now)
  }
}
