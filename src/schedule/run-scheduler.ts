import {watchSources} from '../dev/watch-sources.js'
import type {Db} from '../store/open-store.js'
import {runTick, type SchedulerOptions} from './run-tick.js'

/** Options of the long-running scheduler, beyond a tick's. */
export interface RunSchedulerOptions extends SchedulerOptions {
  /** The longest sleep: a clock jump or a failed step waits at most this long to be noticed. Default a minute. */
  maxSleepMs?: number
  /** Folders whose changes wake the scheduler (the releases folder, templates): a new release needs no restart. */
  watch?: readonly string[]
  /** Called at each wake: the run lock's lease is renewed here. */
  onWake?: () => void
}

// A change event comes while the file is being written: wait for the save to settle before building from it.
const settleMs = 250

/**
 * `pressroom run`: tick, sleep until the next due instant (never longer than `maxSleepMs`), tick again, until the
 * signal aborts. It wakes for due instants rather than polling, and checks the clock again after every sleep, since a
 * timer may fire a little early and a build before an embargo's instant would publish nothing anyway.
 */
export async function runScheduler(db: Db, options: RunSchedulerOptions): Promise<void> {
  const {clock, signal} = options
  const maxSleepMs = options.maxSleepMs ?? 60_000
  let wake = new AbortController()
  let changed = false
  const watcher = options.watch && options.watch.length > 0 ? watchSources({folders: options.watch, files: []}, () => {
    changed = true
    wake.abort()
  }) : undefined
  // Null before the first tick, so the first next wake is always told, even when nothing is scheduled.
  let announced: number | undefined | null = null
  try {
    while (!signal.aborted) {
      options.onWake?.()
      changed = false
      const {nextDue} = await runTick(db, options)
      if (signal.aborted) break
      const every = Math.round(maxSleepMs / 1000)
      if (nextDue !== announced) options.log(nextDue === undefined ? `pressroom: nothing scheduled; next wake within ${every} s` : `pressroom: next wake at ${new Date(nextDue).toISOString()} (checking at least every ${every} s)`)
      announced = nextDue
      // Sleep in pieces until the due instant, a minute at most, or a change: each piece reads the clock afresh.
      const sleepUntil = Math.min(nextDue ?? Number.POSITIVE_INFINITY, clock.now() + maxSleepMs)
      for (let piece = 0; piece < 1000 && !signal.aborted && !changed; piece++) {
        const left = sleepUntil - clock.now()
        if (left <= 0) break
        await clock.sleep(left, AbortSignal.any([signal, wake.signal]))
      }
      if (changed && !signal.aborted) await clock.sleep(settleMs, signal)
      if (wake.signal.aborted) wake = new AbortController()
    }
  } finally {
    watcher?.close()
  }
}
