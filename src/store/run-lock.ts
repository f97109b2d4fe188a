import {randomUUID} from 'node:crypto'
import {PressroomError} from '../report/pressroom-error.js'
import {immediateTransaction} from './immediate-transaction.js'
import type {Db} from './open-store.js'
import type {LockOwner} from './send-lock.js'

/** A held scheduler lock; renew it while running, release it at the end. */
export interface RunLock {
  renew(): void
  release(): void
}

/** How long the lock lasts unrenewed: `run` renews it at every wake, which is at most a minute apart. */
const leaseMs = 3 * 60_000

/**
 * Take the one-scheduler-per-database lock (`pressroom run` and `pressroom tick`), or throw `SCHEDULER_RUNNING` naming
 * the holder. As with the send lock, a holder on this host whose process is gone, or whose lease ran out, is taken over.
 */
export function acquireRunLock(db: Db, owner: LockOwner, isAlive: (pid: number) => boolean, clock: () => number = Date.now): RunLock {
  const runId = owner.runId ?? randomUUID()
  immediateTransaction(db, () => {
    const holder = db.prepare('SELECT host, pid, run_id, expires_at FROM run_lock WHERE id = 1').get() as {host: string; pid: number; run_id: string; expires_at: number} | undefined
    const gone = holder !== undefined && holder.host === owner.host && holder.pid !== owner.pid && !isAlive(holder.pid)
    if (holder && holder.run_id !== runId && holder.expires_at > clock() && !gone) {
      throw new PressroomError('SCHEDULER_RUNNING', `Another scheduler (pressroom run or tick) is working on this database (process ${holder.pid} on ${holder.host})`, {
        hint: 'One scheduler per database: stop the other one, or let it be; one on another host that crashed frees the lock within three minutes'
      })
    }
    db.prepare('INSERT INTO run_lock (id, host, pid, run_id, expires_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, run_id = excluded.run_id, expires_at = excluded.expires_at').run(
      owner.host, owner.pid, runId, clock() + leaseMs
    )
  })()
  return {
    renew: () => void db.prepare('UPDATE run_lock SET expires_at = ? WHERE id = 1 AND run_id = ?').run(clock() + leaseMs, runId),
    release: () => void db.prepare('DELETE FROM run_lock WHERE id = 1 AND run_id = ?').run(runId)
  }
}
