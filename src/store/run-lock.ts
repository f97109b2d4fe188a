import {PressroomError} from '../report/pressroom-error.js'
import {acquireLease, type Lease, type LockOwner} from './acquire-lease.js'
import type {Db} from './open-store.js'

/** A held scheduler lock; renew it while running, release it at the end. */
export type RunLock = Lease

/** How long the lock lasts unrenewed: `run` renews it at every wake, which is at most a minute apart. */
const leaseMs = 3 * 60_000

/**
 * Take the one-scheduler-per-database lock (`pressroom run` and `pressroom tick`), or throw `SCHEDULER_RUNNING` naming
 * the holder. As with the send lock, a holder on this host whose process is gone, or whose lease ran out, is taken over.
 */
export async function acquireRunLock(db: Db, owner: LockOwner, isAlive: (pid: number) => boolean, clock: () => number = Date.now): Promise<RunLock> {
  return acquireLease(db, 'run_lock', owner, {
    leaseMs,
    isAlive,
    clock,
    refuse: (holder) =>
      new PressroomError('SCHEDULER_RUNNING', `Another scheduler (pressroom run or tick) is working on this database (process ${holder.pid} on ${holder.host})`, {
        hint: 'One scheduler per database: stop the other one, or let it be; one on another host that crashed frees the lock within three minutes'
      })
  })
}
