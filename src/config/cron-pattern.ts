import {Cron} from 'croner'

/** The due instants of one cron pattern in one time zone. */
export interface CronTimes {
  /** The first due instant strictly after `after`, ms since the epoch; undefined when the pattern has no more. */
  next(after: number): number | undefined
  /** The last due instant at or before `at`, ms since the epoch; undefined when there is none. */
  latest(at: number): number | undefined
}

// The one module that knows croner: the config checks patterns with it and the scheduler asks it for due times, so a
// change of library touches this file only. Lives in config/, since the config schema must check a pattern as it loads.
const cronOf = (pattern: string, timeZone: string) => new Cron(pattern, {timezone: timeZone, paused: true})

/** Why `pattern` is no cron pattern (croner's words), or undefined when it is one. */
export function cronProblem(pattern: string): string | undefined {
  try {
    cronOf(pattern, 'UTC')
    return undefined
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '')
  }
}

/** The due instants of `pattern` read in `timeZone` (an IANA name): `0 8 * * 1-5` is 08:00 there on weekdays. */
export function cronTimes(pattern: string, timeZone: string): CronTimes {
  const cron = cronOf(pattern, timeZone)
  return {
    next: (after) => cron.nextRun(new Date(after))?.getTime(),
    // previousRuns counts only instants before its reference, so one millisecond on includes `at` itself.
    latest: (at) => cron.previousRuns(1, new Date(at + 1))[0]?.getTime()
  }
}
