import {PressroomError} from '../report/pressroom-error.js'
import type {Db} from './open-store.js'

/** Who runs a send: this machine and process. */
export interface LockOwner {
  host: string
  pid: number
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
 * is gone (killed) or a lease that ran out is taken over, so a re-run after a crash proceeds at once.
 */
export function acquireSendLock(db: Db, owner: LockOwner, isAlive: (pid: number) => boolean, clock: () => number = Date.now): SendLock {
  db.transaction(() => {
    const holder = db.prepare('SELECT host, pid, expires_at FROM send_lock WHERE id = 1').get() as {host: string; pid: number; expires_at: number} | undefined
    const mine = holder && holder.host === owner.host && holder.pid === owner.pid
    const stale = !holder || holder.expires_at <= clock() || (holder.host === owner.host && !isAlive(holder.pid))
    if (holder && !mine && !stale) {
      throw new PressroomError('DIGEST_INVALID', `Another digest run is sending (process ${holder.pid} on ${holder.host})`, {
        hint: 'Wait for it to finish, or check `pressroom digest --status`; a crashed run on another host frees the lock after a minute'
      })
    }
    db.prepare('INSERT INTO send_lock (id, host, pid, expires_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at').run(
      owner.host, owner.pid, clock() + leaseMs
    )
  })()
  return {
    renew: () => void db.prepare('UPDATE send_lock SET expires_at = ? WHERE id = 1 AND host = ? AND pid = ?').run(clock() + leaseMs, owner.host, owner.pid),
    release: () => void db.prepare('DELETE FROM send_lock WHERE id = 1 AND host = ? AND pid = ?').run(owner.host, owner.pid)
  }
}
