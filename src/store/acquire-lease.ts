import {randomUUID} from 'node:crypto'
import {immediateTransaction} from './immediate-transaction.js'
import type {Db} from './open-store.js'

/** Who holds a lease: this machine and process, named in the refusal another one gets. */
export interface LockOwner {
  host: string
  pid: number
  /** What owns the lease: random per run unless a test gives one, since host and PID repeat across containers. */
  runId?: string
}

/** The holder of a lease that is still good, as a refusal names it. */
export interface LeaseHolder {
  host: string
  pid: number
}

/** A held lease; renew it while working, release it at the end. */
export interface Lease {
  renew(): void
  release(): void
}

/** The one-row lease tables; each has columns id (always 1), host, pid, run_id and expires_at. */
export type LeaseTable = 'send_lock' | 'run_lock'

/**
 * Take the one-row lease in `table`, or throw what `refuse` makes of its holder. A holder on this host whose process
 * is gone (killed), or whose lease ran out, is taken over, so a re-run after a crash proceeds at once. Only the run
 * that took the lease holds it: another run with the same host and PID (PID 1 in two containers) counts as alive.
 */
export function acquireLease(
  db: Db,
  table: LeaseTable,
  owner: LockOwner,
  options: {leaseMs: number; isAlive: (pid: number) => boolean; refuse: (holder: LeaseHolder) => Error; clock?: () => number}
): Lease {
  const clock = options.clock ?? Date.now
  const runId = owner.runId ?? randomUUID()
  immediateTransaction(db, () => {
    const holder = db.prepare(`SELECT host, pid, run_id, expires_at FROM ${table} WHERE id = 1`).get() as {host: string; pid: number; run_id: string; expires_at: number} | undefined
    const gone = holder !== undefined && holder.host === owner.host && holder.pid !== owner.pid && !options.isAlive(holder.pid)
    if (holder && holder.run_id !== runId && holder.expires_at > clock() && !gone) throw options.refuse({host: holder.host, pid: holder.pid})
    db.prepare(
      `INSERT INTO ${table} (id, host, pid, run_id, expires_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, run_id = excluded.run_id, expires_at = excluded.expires_at`
    ).run(owner.host, owner.pid, runId, clock() + options.leaseMs)
  })()
  return {
    renew: () => void db.prepare(`UPDATE ${table} SET expires_at = ? WHERE id = 1 AND run_id = ?`).run(clock() + options.leaseMs, runId),
    release: () => void db.prepare(`DELETE FROM ${table} WHERE id = 1 AND run_id = ?`).run(runId)
  }
}
