import {randomUUID} from 'node:crypto'
import type {Db} from './db.js'

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
  renew(): Promise<void>
  release(): Promise<void>
}

/** The one-row lease tables; each has columns id (always 1), host, pid, run_id and expires_at. */
export type LeaseTable = 'send_lock' | 'run_lock'

/**
 * Take the one-row lease in `table`, or throw what `refuse` makes of its holder. A holder on this host whose process
 * is gone (killed), or whose lease ran out, is taken over, so a re-run after a crash proceeds at once. Only the run
 * that took the lease holds it: another run with the same host and PID (PID 1 in two containers) counts as alive.
 */
export async function acquireLease(
  db: Db,
  table: LeaseTable,
  owner: LockOwner,
  options: {leaseMs: number; isAlive: (pid: number) => boolean; refuse: (holder: LeaseHolder) => Error; clock?: () => number}
): Promise<Lease> {
  const clock = options.clock ?? Date.now
  const runId = owner.runId ?? randomUUID()
  await db.transaction(async () => {
    const holder = await db.get(`SELECT host, pid, run_id, expires_at FROM ${table} WHERE id = 1`) as {host: string; pid: number; run_id: string; expires_at: number} | undefined
    const gone = holder !== undefined && holder.host === owner.host && holder.pid !== owner.pid && !options.isAlive(holder.pid)
    if (holder && holder.run_id !== runId && holder.expires_at > clock() && !gone) throw options.refuse({host: holder.host, pid: holder.pid})
    await db.run(`INSERT INTO ${table} (id, host, pid, run_id, expires_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, run_id = excluded.run_id, expires_at = excluded.expires_at`, owner.host, owner.pid, runId, clock() + options.leaseMs)
  })
  return {
    renew: async () => void (await db.run(`UPDATE ${table} SET expires_at = ? WHERE id = 1 AND run_id = ?`, clock() + options.leaseMs, runId)),
    release: async () => void (await db.run(`DELETE FROM ${table} WHERE id = 1 AND run_id = ?`, runId))
  }
}
