import {PressroomError} from '../report/pressroom-error.js'
import {acquireLease, type Lease, type LockOwner} from './acquire-lease.js'
import type {Db} from './open-store.js'

export type {LockOwner} from './acquire-lease.js'

/** A held send lock; renew it while sending, release it at the end. */
export type SendLock = Lease

/** How long a lock lasts without renewal: long enough for a slow `--rate`, short enough to recover from a lost host. */
const leaseMs = 60_000

/**
 * Take the one-run-at-a-time lock, or throw `DIGEST_INVALID` naming the holder. A holder on this host whose process
 * is gone (killed) or a lease that ran out is taken over, so a re-run after a crash proceeds at once.
 */
export async function acquireSendLock(db: Db, owner: LockOwner, isAlive: (pid: number) => boolean, clock: () => number = Date.now): Promise<SendLock> {
  return acquireLease(db, 'send_lock', owner, {
    leaseMs,
    isAlive,
    clock,
    refuse: (holder) =>
      new PressroomError('DIGEST_INVALID', `Another digest run is sending (process ${holder.pid} on ${holder.host})`, {
        hint: db.dialect === 'sqlite'
          ? 'A SQLite store has one sender at a time: wait for it to finish, or check `pressroom digest --status`; senders on several hosts share a send with a PostgreSQL store (`database: postgres://…`)'
          : 'Wait for it to finish, or check `pressroom digest --status`; a crashed run on another host frees the lock after a minute'
      })
  })
}
