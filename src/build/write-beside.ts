/**
 * Run `writers` one after another while `long` is still writing, and settle once all have: Pagefind indexes in a
 * process of its own, and this thread, which only feeds it pages, was otherwise idle for most of the time it took.
 * Every writer is waited for before the first failure is thrown, so nothing still writes into a staging folder that
 * a failed build throws away.
 */
export async function writeBeside(long: () => Promise<void>, writers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  const longRun = long()
  const rest = (async () => {
    for (const write of writers) await write()
  })()
  const [first, second] = await Promise.allSettled([longRun, rest])
  if (first.status === 'rejected') throw first.reason
  if (second.status === 'rejected') throw second.reason
}
