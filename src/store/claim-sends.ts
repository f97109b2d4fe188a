import {randomUUID} from 'node:crypto'
import {inList, type Db} from './db.js'
import {sendFromRow, sendSelect, type Send, type SendRow} from './digest-store.js'

/** Who a claiming sender is: its host and process (for a takeover when the process is gone) and a random run id. */
export interface Claimer {
  host: string
  pid: number
}

/** A sender's identity as `claimed_by` stores it: host, PID and a random part, since host and PID repeat across containers. */
export function senderId(claimer: Claimer, runId: string = randomUUID()): string {
  return `${claimer.host} ${claimer.pid} ${runId}`
}

/** The host and PID a sender id names; undefined for one this code did not write. */
export function claimerOf(id: string): Claimer | undefined {
  const [host, pid] = id.split(' ')
  return host && pid && /^\d+$/.test(pid) ? {host, pid: Number(pid)} : undefined
}

/** What a claim needs: the sender, how long its claim lasts, how many rows at most, and the clock. */
export interface ClaimBatch {
  sender: string
  leaseMs: number
  limit: number
  now?: number
}

/** The note on a row taken over while its handoff was in flight: it goes again marked as a possible duplicate. */
export const takenOverNote = 'in flight when its sender stopped renewing its claim'

// A row is free when nobody claimed it or its claim ran out. A `sending` row whose claim ran out was being handed over
// when its sender stopped renewing: it goes again under its stored Message-ID, counted as a possible duplicate.
const free = `((s.state = 'pending' AND (s.claimed_by IS NULL OR s.lease_until < ?)) OR (s.state = 'sending' AND (s.claimed_by IS NULL OR s.lease_until < ?)))`
const take = `claimed_by = ?, lease_until = ?, resends = resends + CASE WHEN state = 'sending' THEN 1 ELSE 0 END,
  last_error = CASE WHEN state = 'sending' THEN '${takenOverNote}' ELSE last_error END, state = 'pending', updated_at = ?`

/**
 * Claim up to `limit` free recipients of a digest for `sender` until `now + leaseMs`, lowest subscriber id first; the
 * rows stay `pending` until each handoff begins (`markSending` with the claimer). On PostgreSQL the claim is one
 * statement outside the store's write lock: `FOR UPDATE SKIP LOCKED` lets several senders claim at once, each row for
 * one of them. SQLite has one sender at a time (the send lock), so its claim is a plain transaction.
 */
export async function claimSends(db: Db, digestId: number, batch: ClaimBatch): Promise<Send[]> {
  const now = batch.now ?? Date.now()
  const until = now + batch.leaseMs
  const at = new Date(now).toISOString()
  if (db.dialect === 'postgres') {
    const rows = await db.all<SendRow>(
      `WITH claimed AS (
         UPDATE sends SET ${take}
         WHERE digest_id = ? AND subscriber_id IN (
           SELECT s.subscriber_id FROM sends s WHERE s.digest_id = ? AND ${free} ORDER BY s.subscriber_id LIMIT ? FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT s.*, b.email, b.name, b.tags, b.frequency, b.topic_frequencies, b.status FROM claimed s JOIN subscribers b ON b.id = s.subscriber_id ORDER BY s.subscriber_id`,
      batch.sender, until, at, digestId, digestId, now, now, batch.limit
    )
    return rows.map(sendFromRow)
  }
  return db.transaction(async () => {
    const ids = (await db.all<{subscriber_id: number}>(`SELECT s.subscriber_id FROM sends s WHERE s.digest_id = ? AND ${free} ORDER BY s.subscriber_id LIMIT ?`, digestId, now, now, batch.limit)).map((row) => row.subscriber_id)
    if (ids.length === 0) return []
    await db.run(`UPDATE sends SET ${take} WHERE digest_id = ? AND subscriber_id IN ${inList(ids.length)}`, batch.sender, until, at, digestId, ...ids)
    return (await db.all<SendRow>(`${sendSelect} WHERE s.digest_id = ? AND s.subscriber_id IN ${inList(ids.length)} ORDER BY s.subscriber_id`, digestId, ...ids)).map(sendFromRow)
  })
}

/** Extend every open claim of `sender` on a digest to `now + leaseMs`; how many rows it still holds. */
export async function renewClaims(db: Db, digestId: number, sender: string, leaseMs: number, now: number = Date.now()): Promise<number> {
  const {changes} = await db.run(`UPDATE sends SET lease_until = ? WHERE digest_id = ? AND claimed_by = ? AND state IN ('pending', 'sending')`, now + leaseMs, digestId, sender)
  return changes
}

/** Give back the recipients `sender` claimed but did not begin to hand over (a stop, the end of a run). */
export async function releaseClaims(db: Db, digestId: number, sender: string): Promise<number> {
  const {changes} = await db.run(`UPDATE sends SET claimed_by = NULL, lease_until = NULL WHERE digest_id = ? AND claimed_by = ? AND state = 'pending'`, digestId, sender)
  return changes
}

/**
 * End at once the claims of senders on this host whose process is gone (killed): their recipients need not wait for
 * the lease. Another host's sender cannot be checked, so its claims end with their lease. Returns the senders ended.
 */
export async function expireDeadClaims(db: Db, digestId: number, self: Claimer & {sender: string}, isAlive: (pid: number) => boolean, now: number = Date.now()): Promise<string[]> {
  const holders = await db.all<{claimed_by: string}>(`SELECT DISTINCT claimed_by FROM sends WHERE digest_id = ? AND state IN ('pending', 'sending') AND claimed_by IS NOT NULL AND lease_until >= ?`, digestId, now)
  const dead = holders.map((row) => row.claimed_by).filter((id) => {
    const holder = claimerOf(id)
    // Same host and PID but another run: PID 1 in two containers, alive as far as we can tell.
    return id !== self.sender && holder !== undefined && holder.host === self.host && holder.pid !== self.pid && !isAlive(holder.pid)
  })
  for (const id of dead) await db.run(`UPDATE sends SET lease_until = 0 WHERE digest_id = ? AND claimed_by = ?`, digestId, id)
  return dead
}

/**
 * When an open recipient of the digest that this sender does not hold may next be claimed: `now` for one free already
 * (put back, or its claim ran out), else the first end of another sender's claim; undefined when every open recipient
 * is this sender's, so nothing is left to wait for.
 */
export async function othersLeaseEnd(db: Db, digestId: number, sender: string, now: number = Date.now()): Promise<number | undefined> {
  const row = await db.get<{until: number | null}>(
    `SELECT MIN(CASE WHEN claimed_by IS NULL OR lease_until < ? THEN 0 ELSE lease_until END) AS until FROM sends WHERE digest_id = ? AND state IN ('pending', 'sending') AND (claimed_by IS NULL OR claimed_by <> ?)`,
    now, digestId, sender
  )
  return row?.until === null || row?.until === undefined ? undefined : Math.max(row.until, now)
}
