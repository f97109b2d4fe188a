import {randomUUID} from 'node:crypto'
import {PressroomError} from '../report/pressroom-error.js'
import {immediateTransaction} from './immediate-transaction.js'
import type {Db} from './open-store.js'

/** Who runs a send: this machine and process, named in the refusal a second run gets. */
export interface LockOwner {
  host: string
  pid: number
  /** What owns the lock: random per run unless a test gives one, since host and PID repeat across containers. */
  runId?: string
}

/** A held send lock; renew it while sending, release it at the end. */
export interface SendLock {
  renew(): void
  release(): void
}

/** How long a lock lasts without renewal: long enough for a slow `--rate`, short enough to recover from a lost host. */
const leaseMs = 60_000

/**
 * Take the one-run-at-a-time lock, or throw `DIGEST_INVALID` naming the holder. A holder on this host whose process
 * is gone (killed) or a lease that ran out is taken over, so a re-run after a crash proceeds at once. Only the run
 * that took the lock holds it: another run with the same host and PID (PID 1 in two containers) is refused.
 */
export function acquireSendLock(db: Db, owner: LockOwner, isAlive: (pid: number) => boolean, clock: () => number = Date.now): SendLock {
  const runId = owner.runId ?? randomUUID()
  immediateTransaction(db, () => {
    const holder = db.prepare('SELECT host, pid, run_id, expires_at FROM send_lock WHERE id = 1').get() as {host: string; pid: number; run_id: string; expires_at: number} | undefined
    const mine = holder?.run_id === runId
    // A holder with our own PID on our host is another run in a process that looks like ours, so it counts as alive.
    const gone = holder !== undefined && holder.host === owner.host && holder.pid !== owner.pid && !isAlive(holder.pid)
    const stale = !holder || holder.expires_at <= clock() || gone
    if (holder && !mine && !stale) {
      throw new PressroomError('DIGEST_INVALID', `Another digest run is sending (process ${holder.pid} on ${holder.host})`, {
        hint: 'Wait for it to finish, or check `pressroom digest --status`; a crashed run on another host frees the lock after a minute'
      })
    }
    db.prepare('INSERT INTO send_lock (id, host, pid, run_id, expires_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, run_id = excluded.run_id, expires_at = excluded.expires_at').run(
      owner.host, owner.pid, runId, clock() + leaseMs
    )
  })()
  return {
    renew: () => void db.prepare('UPDATE send_lock SET expires_at = ? WHERE id = 1 AND run_id = ?').run(clock() + leaseMs, runId),
    release: () => void db.prepare('DELETE FROM send_lock WHERE id = 1 AND run_id = ?').run(runId)
  }
}
