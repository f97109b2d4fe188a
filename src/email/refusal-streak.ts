import type {SmtpFailure} from './mail-transport.js'

/** What a refused handoff means for the run: this recipient's problem, or the server refusing everyone. */
export interface RefusalStreak {
  /** A handoff was accepted: the refusals before it were about their recipients. */
  accepted(): void
  /**
   * Count one refused attempt (4xx or 5xx) for a recipient. Returns the recipients of the streak when it just reached
   * the threshold (the server refuses everyone), else undefined. Recipients passed to `excuse` never count.
   */
  refused(subscriberId: number, failure: SmtpFailure): number[] | undefined
  /** Leave these recipients out from now on: the server refused them while it refused everyone, so their own answer is still unknown. */
  excuse(subscriberIds: Iterable<number>): void
  /** Recipients left out of the count. */
  readonly excused: ReadonlySet<number>
}

/**
 * Tell a server-wide refusal (the same class of reply for `threshold` attempts in a row, across all connections) from
 * one recipient's: a greylisting or a full mailbox among successes never stops a run, a 554 to everyone does.
 */
export function createRefusalStreak(threshold: number): RefusalStreak {
  let kind: string | undefined
  let count = 0
  let members = new Set<number>()
  const excused = new Set<number>()
  const reset = () => {
    kind = undefined
    count = 0
    members = new Set()
  }
  return {
    accepted: reset,
    refused(subscriberId, failure) {
      if (excused.has(subscriberId)) return undefined
      if (failure.kind !== kind) {
        kind = failure.kind
        count = 0
        members = new Set()
      }
      count++
      members.add(subscriberId)
      if (count < threshold) return undefined
      const streak = [...members]
      reset()
      return streak
    },
    excuse(subscriberIds) {
      for (const id of subscriberIds) excused.add(id)
    },
    excused
  }
}
