import {claimSends, expireDeadClaims, othersLeaseEnd, releaseClaims, renewClaims, takenOverNote, type Claimer} from '../store/claim-sends.js'
import {claimNext, markSending, type MarkOptions, type Send} from '../store/digest-store.js'
import type {Db} from '../store/open-store.js'

/** How a sender shares a send with senders on other hosts (PostgreSQL): who it is and how long its claims last. */
export interface SendClaims {
  /** This sender's id as `claimed_by` stores it (see `senderId`). */
  sender: string
  /** This host and process, to end at once the claims of a sender on this host that was killed. */
  self: Claimer
  isAlive(pid: number): boolean
  /** How long a claim lasts unrenewed; the sender renews its claims at each batch and a few times a lease. */
  leaseMs: number
  /** Recipients claimed at once (default: four per connection). */
  batch?: number
}

/** Where a send run takes its next recipient from, already marked `sending`. */
export interface SendQueue {
  /** What each state change of this run passes, so it only lands while this sender holds the row. */
  mine: MarkOptions
  /** The next recipient, not one of `avoid`, marked `sending`; undefined when none is free for this sender. */
  take(avoid?: ReadonlySet<number>): Promise<Send | undefined>
  /** With none free: wait a little for recipients others hold or gave back; false when none is left outside this sender. */
  waitForOthers(sleep: (ms: number, signal?: AbortSignal) => Promise<void>, stop?: AbortSignal): Promise<boolean>
  /** Give back what was claimed and not begun, and stop renewing. */
  close(): Promise<void>
}

// Short enough that a survivor takes over soon after a peer's claims end, long enough not to load the server.
const pollMs = 1000

/**
 * The queue of one send run. Alone (SQLite, behind the send lock), it claims one pending row at a time. With `claims`
 * (PostgreSQL, several senders), it claims a batch for this sender, renews the claims while it works, and takes over
 * those of a sender that died once their lease ran out (at once for a killed process on this host).
 */
export function createSendQueue(db: Db, digestId: number, claims: SendClaims | undefined, concurrency: number, log: (line: string) => void): SendQueue {
  if (!claims) {
    return {
      mine: {},
      take: (avoid) => claimNext(db, digestId, {avoid}),
      waitForOthers: async () => false,
      close: async () => {}
    }
  }
  const mine = {claimer: claims.sender}
  const batch = claims.batch ?? Math.max(8, concurrency * 4)
  const claimed: Send[] = []
  let refilling: Promise<void> | undefined
  const refill = () =>
    (refilling ??= (async () => {
      const now = Date.now()
      await renewClaims(db, digestId, claims.sender, claims.leaseMs, now)
      claimed.push(...(await claimSends(db, digestId, {sender: claims.sender, leaseMs: claims.leaseMs, limit: batch, now})))
    })().finally(() => (refilling = undefined)))
  // A long `--rate` or a slow server can take longer than a lease for one batch.
  const renewal = setInterval(() => void renewClaims(db, digestId, claims.sender, claims.leaseMs).catch(() => {}), Math.max(100, Math.floor(claims.leaseMs / 3)))
  renewal.unref()
  return {
    mine,
    async take(avoid) {
      let refilled = false
      // Each pass takes a claimed row off the list or claims once more; a claim that brings none ends it.
      for (;;) {
        const index = claimed.findIndex((send) => !avoid?.has(send.subscriberId))
        if (index < 0) {
          if (refilled) return undefined
          await refill()
          refilled = true
          continue
        }
        const [send] = claimed.splice(index, 1) as [Send]
        // False when the claim ran out and another sender took the row meanwhile: it is theirs now.
        if (!(await markSending(db, digestId, send.subscriberId, mine))) continue
        if (send.lastError === takenOverNote) log(`pressroom: re-sending digest ${digestId} to ${send.email} (${send.messageId}): its handoff was in flight at the crash of its sender`)
        return {...send, state: 'sending', attempts: send.attempts + 1}
      }
    },
    async waitForOthers(sleep, stop) {
      const now = Date.now()
      await expireDeadClaims(db, digestId, {...claims.self, sender: claims.sender}, claims.isAlive, now)
      const end = await othersLeaseEnd(db, digestId, claims.sender, now)
      if (end === undefined) return false
      await sleep(Math.min(pollMs, Math.max(50, end - now + 1)), stop)
      return stop?.aborted !== true
    },
    async close() {
      clearInterval(renewal)
      claimed.length = 0
      await releaseClaims(db, digestId, claims.sender)
    }
  }
}
