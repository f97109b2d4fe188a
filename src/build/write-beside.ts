/**
 * Run `writers` one after another while `long` is still writing, and settle once all have: Pagefind indexes in a
 * process of its own, and this thread, which only feeds it pages, was otherwise idle for most of the time it took.
 * The writers begin once `long` calls `ready` (it has handed its process the work it can get on with) or ends: the
 * first of them plans every other output, a stretch of this thread's time no reply of that process gets in.
 * `long` is also told when the writers are done (or failed): it may use more of the machine then.
 * Every writer is waited for before the first failure is thrown, so nothing still writes into a staging folder that
 * a failed build throws away.
 */
export async function writeBeside(long: (ready: () => void, othersWritten: Promise<unknown>) => Promise<void>, writers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  let ready = () => {}
  const begun = new Promise<void>((resolve) => (ready = resolve))
  let othersDone = () => {}
  const othersWritten = new Promise<void>((resolve) => (othersDone = resolve))
  const longRun = long(ready, othersWritten)
  const rest = (async () => {
    await Promise.race([begun, longRun.catch(() => undefined)])
    for (const write of writers) await write()
  })().finally(othersDone)
  const [first, second] = await Promise.allSettled([longRun, rest])
  if (first.status === 'rejected') throw first.reason
  if (second.status === 'rejected') throw second.reason
}
