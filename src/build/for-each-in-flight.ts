/**
 * Run `task` on every item with at most `limit` running at once, each in one of `limit` lanes (told to the task, from
 * 0) that take the next item as they finish one. After a failure no new task starts, and the first failure is thrown
 * once the running ones have settled, so nothing is still writing when the caller cleans up.
 */
export async function forEachInFlight<T>(items: readonly T[], limit: number, task: (item: T, lane: number) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  const lane = async (_: unknown, index: number) => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++] as T, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const settled = await Promise.allSettled(Array.from({length: Math.max(1, Math.min(limit, items.length))}, lane))
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failure) throw failure.reason
}
