import {setTimeout as delay} from 'node:timers/promises'

/** The scheduler's clock: what time it is, and a sleep that a signal cuts short. Tests give one they can jump. */
export interface Clock {
  /** Now, ms since the epoch. */
  now(): number
  /** Resolve after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The wall clock and real timers, as the CLI uses them. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal === undefined ? {} : {signal}).catch(() => undefined)
}
