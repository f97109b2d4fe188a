import {immediateTransaction} from './immediate-transaction.js'
import type {Frequency} from './frequency-for.js'
import type {Db} from './open-store.js'
import {parseTopicFrequencies, type Subscriber, type SubscriberStatus} from './subscriber-store.js'

/** What a mailing is: a daily or weekly digest, or an alert of one release (or of its correction). */
export type DigestKind = 'daily' | 'weekly' | 'alert'

/** A digest: the releases it carries and the window they were picked from. */
export interface Digest {
  id: number
  kind: DigestKind
  /** For an alert: the ledger version of its release it announces (1: first publication, later: a correction). */
  releaseVersion: number | undefined
  /** For a correction alert: the note it announced. */
  note: string | undefined
  createdAt: string
  /** ISO instant after which releases were taken; undefined for the first digest. */
  since: string | undefined
  /** The digest's `now` (ISO): releases up to this instant; the next digest starts here. */
  until: string
  releaseIds: string[]
  status: 'sending' | 'done'
  finishedAt: string | undefined
}

/** State of one (digest, subscriber) send; `skipped` rows never go out (suppressed, or no release matches). */
export type SendState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'

/** One frozen recipient of a digest. */
export interface Send {
  digestId: number
  subscriberId: number
  email: string
  name: string
  tags: string[]
  frequency: Frequency
  topicFrequencies: Record<string, Frequency>
  subscriberStatus: SubscriberStatus
  state: SendState
  messageId: string
  attempts: number
  /** How many times this copy was queued again after a handoff whose outcome is unknown (a crash, a lost reply). */
  resends: number
  lastError: string | undefined
}

interface DigestRow {
  id: number
  created_at: string
  since: string | null
  until: string
  release_ids: string
  status: 'sending' | 'done'
  finished_at: string | null
  kind: DigestKind
  release_version: number | null
  note: string | null
}

const digestFromRow = (row: DigestRow): Digest => ({
  id: row.id,
  kind: row.kind,
  releaseVersion: row.release_version ?? undefined,
  note: row.note ?? undefined,
  createdAt: row.created_at,
  since: row.since ?? undefined,
  until: row.until,
  releaseIds: JSON.parse(row.release_ids) as string[],
  status: row.status,
  finishedAt: row.finished_at ?? undefined
})

interface SendRow {
  digest_id: number
  subscriber_id: number
  email: string
  name: string
  tags: string
  frequency: Frequency
  topic_frequencies: string
  status: SubscriberStatus
  state: SendState
  message_id: string
  attempts: number
  resends: number
  last_error: string | null
}

const sendFromRow = (row: SendRow): Send => ({
  digestId: row.digest_id,
  subscriberId: row.subscriber_id,
  email: row.email,
  name: row.name,
  tags: JSON.parse(row.tags) as string[],
  frequency: row.frequency,
  topicFrequencies: parseTopicFrequencies(row.topic_frequencies),
  subscriberStatus: row.status,
  state: row.state,
  messageId: row.message_id,
  attempts: row.attempts,
  resends: row.resends,
  lastError: row.last_error ?? undefined
})

const sendSelect = `SELECT s.*, b.email, b.name, b.tags, b.frequency, b.topic_frequencies, b.status FROM sends s JOIN subscribers b ON b.id = s.subscriber_id`
const iso = (now?: number) => new Date(now ?? Date.now()).toISOString()

/** What `createDigest` needs: the window, the releases and how to name and filter each recipient's message. */
export interface NewDigest {
  /** Default `daily`. */
  kind?: DigestKind
  /** For an alert, the version of its one release; with `kind` it makes the alert unique. */
  releaseVersion?: number
  note?: string
  since: string | undefined
  until: string
  releaseIds: readonly string[]
  /** The deterministic Message-ID of one recipient's copy; a re-send after a crash reuses it. */
  messageId(digestId: number, subscriberId: number): string
  /** Why this subscriber gets nothing (e.g. no release shares a tag), or undefined to send. */
  skipReason(subscriber: Subscriber): string | undefined
  now?: number
}

/** Create a digest and freeze its recipient list in one transaction: later sign-ups wait for the next digest. */
export function createDigest(db: Db, digest: NewDigest, subscribers: () => Subscriber[]): Digest {
  return immediateTransaction(db, () => {
    const at = iso(digest.now)
    const {lastInsertRowid} = db
      .prepare(`INSERT INTO digests (created_at, since, until, release_ids, status, kind, release_version, note) VALUES (?, ?, ?, ?, 'sending', ?, ?, ?)`)
      .run(at, digest.since ?? null, digest.until, JSON.stringify(digest.releaseIds), digest.kind ?? 'daily', digest.releaseVersion ?? null, digest.note ?? null)
    const id = Number(lastInsertRowid)
    const insert = db.prepare(`INSERT INTO sends (digest_id, subscriber_id, state, message_id, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
    for (const subscriber of subscribers()) {
      const reason = subscriber.status === 'active' ? digest.skipReason(subscriber) : `subscriber is ${subscriber.status === 'unsubscribed' ? 'unsubscribed (suppressed)' : 'pending confirmation'}`
      insert.run(id, subscriber.id, reason ? 'skipped' : 'pending', digest.messageId(id, subscriber.id), reason ?? null, at)
    }
    return getDigest(db, id) as Digest
  })()
}

/** The digest with this id, if any. */
export function getDigest(db: Db, id: number): Digest | undefined {
  const row = db.prepare('SELECT * FROM digests WHERE id = ?').get(id) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** The newest digest of this kind still being sent (a crashed or interrupted run), which a new run must finish first. */
export function unfinishedDigest(db: Db, kind: DigestKind = 'daily'): Digest | undefined {
  const row = db.prepare(`SELECT * FROM digests WHERE status = 'sending' AND kind = ? ORDER BY id DESC LIMIT 1`).get(kind) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** Every unfinished mailing of this kind, oldest first (alerts: one per release, several may be open after a crash). */
export function unfinishedDigests(db: Db, kind: DigestKind): Digest[] {
  return (db.prepare(`SELECT * FROM digests WHERE status = 'sending' AND kind = ? ORDER BY id`).all(kind) as DigestRow[]).map(digestFromRow)
}

/** The newest digest of this kind whose sending finished: the next one takes releases published after its `until`. */
export function lastSentDigest(db: Db, kind: DigestKind = 'daily'): Digest | undefined {
  const row = db.prepare(`SELECT * FROM digests WHERE status = 'done' AND kind = ? ORDER BY id DESC LIMIT 1`).get(kind) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** The newest digest of any status, of any of `kinds` (default: any kind). */
export function latestDigest(db: Db, kinds?: readonly DigestKind[]): Digest | undefined {
  const row = (kinds
    ? db.prepare(`SELECT * FROM digests WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1`).get(JSON.stringify(kinds))
    : db.prepare(`SELECT * FROM digests ORDER BY id DESC LIMIT 1`).get()) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** The alerts created for a release, oldest first. */
export function alertsOf(db: Db, releaseId: string): Digest[] {
  return (db.prepare(`SELECT * FROM digests WHERE kind = 'alert' AND release_ids = ? ORDER BY id`).all(JSON.stringify([releaseId])) as DigestRow[]).map(digestFromRow)
}

/** The newest alerts, newest first. */
export function recentAlerts(db: Db, limit: number): Digest[] {
  return (db.prepare(`SELECT * FROM digests WHERE kind = 'alert' ORDER BY id DESC LIMIT ?`).all(limit) as DigestRow[]).map(digestFromRow)
}

/**
 * Take the next pending recipient and mark it `sending` in one synchronous write, so the state is on disk before the
 * SMTP handoff begins. Undefined when none is left.
 */
export function claimNext(db: Db, digestId: number, options: ClaimOptions = {}): Send | undefined {
  let transaction = claims.get(db)
  if (!transaction) claims.set(db, (transaction = immediateTransaction(db, (digest: number, claim: ClaimOptions) => claimPending(db, digest, claim))))
  return transaction(digestId, options)
}

/** Options of a claim: its clock, and recipients it must not take. */
export interface ClaimOptions {
  now?: number
  /** Subscriber ids this claim passes over (those the server refused while it refused everyone). */
  avoid?: ReadonlySet<number>
}

// Made once per connection: better-sqlite3 builds five wrappers for each `db.transaction`, 1.3 % of a digest's CPU
// when made for every message.
const claims = new WeakMap<Db, (digestId: number, options: ClaimOptions) => Send | undefined>()
const sentAndClaimed = new WeakMap<Db, (digestId: number, subscriberId: number, reply: string, now: {now: number}) => Send | undefined>()

/**
 * Record that the server accepted one recipient's message and claim the next pending one in the same commit: the
 * same states reach the disk in the same order as with markSent then claimNext, in one write instead of two.
 */
export function markSentAndClaimNext(db: Db, digestId: number, subscriberId: number, reply: string, options: {now?: number} = {}): Send | undefined {
  let transaction = sentAndClaimed.get(db)
  if (!transaction) {
    transaction = immediateTransaction(db, (digest: number, subscriber: number, text: string, now: {now: number}) => {
      markSent(db, digest, subscriber, text, now)
      return claimPending(db, digest, now)
    })
    sentAndClaimed.set(db, transaction)
  }
  // One clock reading for the commit: both rows change at the same moment.
  return transaction(digestId, subscriberId, reply, {now: options.now ?? Date.now()})
}

function claimPending(db: Db, digestId: number, options: ClaimOptions): Send | undefined {
  const next = `${sendSelect} WHERE s.digest_id = ? AND s.state = 'pending'`
  const row = (options.avoid && options.avoid.size > 0
    ? db.prepare(`${next} AND s.subscriber_id NOT IN (SELECT value FROM json_each(?)) ORDER BY s.subscriber_id LIMIT 1`).get(digestId, JSON.stringify([...options.avoid]))
    : db.prepare(`${next} ORDER BY s.subscriber_id LIMIT 1`).get(digestId)) as SendRow | undefined
  if (!row) return undefined
  markSending(db, digestId, row.subscriber_id, options)
  return sendFromRow({...row, state: 'sending', attempts: row.attempts + 1})
}

/** Record one more handoff attempt for a recipient. */
export function markSending(db: Db, digestId: number, subscriberId: number, options: {now?: number} = {}): void {
  db.prepare(`UPDATE sends SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?`).run(iso(options.now), digestId, subscriberId)
}

/** Record that the server accepted the message; `reply` is its response line. */
export function markSent(db: Db, digestId: number, subscriberId: number, reply: string, options: {now?: number} = {}): void {
  db.prepare(`UPDATE sends SET state = 'sent', last_error = ?, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?`).run(reply, iso(options.now), digestId, subscriberId)
}

/** Record a permanent failure with the server's reply. */
export function markFailed(db: Db, digestId: number, subscriberId: number, reply: string, options: {now?: number} = {}): void {
  db.prepare(`UPDATE sends SET state = 'failed', last_error = ?, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?`).run(reply, iso(options.now), digestId, subscriberId)
}

/** Record that a recipient gets nothing this time (unsubscribed meanwhile, or nothing matched), with why. */
export function markSkipped(db: Db, digestId: number, subscriberId: number, reason: string, options: {now?: number} = {}): void {
  db.prepare(`UPDATE sends SET state = 'skipped', last_error = ?, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?`).run(reason, iso(options.now), digestId, subscriberId)
}

/** Put a recipient back in the queue: the server could not be reached, so nothing was handed over. */
export function markPending(db: Db, digestId: number, subscriberId: number, reason: string, options: {now?: number} = {}): void {
  db.prepare(`UPDATE sends SET state = 'pending', last_error = ?, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?`).run(reason, iso(options.now), digestId, subscriberId)
}

/**
 * Put a recipient back in the queue after a handoff whose outcome is unknown (the run died, or the connection dropped
 * before the server's reply): it goes again under the same Message-ID, counted and marked as a possible duplicate.
 */
export function markResend(db: Db, digestId: number, subscriberId: number, reason: string, options: {now?: number} = {}): void {
  db.prepare(`UPDATE sends SET state = 'pending', resends = resends + 1, last_error = ?, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?`).run(reason, iso(options.now), digestId, subscriberId)
}

/**
 * Queue the failed recipients of a digest again and reopen it, in one commit; suppressed (unsubscribed) and unconfirmed
 * subscribers stay failed. Returns how many were queued.
 */
export function requeueFailed(db: Db, digestId: number, options: {now?: number} = {}): number {
  return immediateTransaction(db, () => {
    const {changes} = db.prepare(
      `UPDATE sends SET state = 'pending', last_error = 'queued again by --retry-failed after: ' || COALESCE(last_error, ''), updated_at = ?
       WHERE digest_id = ? AND state = 'failed' AND subscriber_id IN (SELECT id FROM subscribers WHERE status = 'active')`
    ).run(iso(options.now), digestId)
    if (changes > 0) db.prepare(`UPDATE digests SET status = 'sending', finished_at = NULL WHERE id = ?`).run(digestId)
    return changes
  })()
}

/** Recipients left in `sending`: their handoff was in flight when a run died. */
export function inFlightSends(db: Db, digestId: number): Send[] {
  return (db.prepare(`${sendSelect} WHERE s.digest_id = ? AND s.state = 'sending' ORDER BY s.subscriber_id`).all(digestId) as SendRow[]).map(sendFromRow)
}

/** Every recipient of a digest, optionally in one state. */
export function listSends(db: Db, digestId: number, state?: SendState): Send[] {
  const rows = state
    ? db.prepare(`${sendSelect} WHERE s.digest_id = ? AND s.state = ? ORDER BY s.subscriber_id`).all(digestId, state)
    : db.prepare(`${sendSelect} WHERE s.digest_id = ? ORDER BY s.subscriber_id`).all(digestId)
  return (rows as SendRow[]).map(sendFromRow)
}

/** Mark a digest finished once no recipient is pending or sending; true when it is. */
export function finishDigest(db: Db, digestId: number, options: {now?: number} = {}): boolean {
  const open = db.prepare(`SELECT COUNT(*) AS n FROM sends WHERE digest_id = ? AND state IN ('pending', 'sending')`).get(digestId) as {n: number}
  if (open.n > 0) return false
  db.prepare(`UPDATE digests SET status = 'done', finished_at = ? WHERE id = ? AND status = 'sending'`).run(iso(options.now), digestId)
  return true
}

/** A digest and how many of its recipients are in each state. */
export interface DigestStatus {
  digest: Digest
  counts: Record<SendState, number>
  failed: {email: string; reply: string}[]
  /** Recipients queued again at least once after a handoff whose outcome was unknown: possible duplicates. */
  resent: number
}

/** The state of a digest (the latest of `kinds` when no id is given), for `digest --status` and the end-of-run summary. */
export function digestStatus(db: Db, digestId?: number, kinds?: readonly DigestKind[]): DigestStatus | undefined {
  const digest = digestId === undefined ? latestDigest(db, kinds) : getDigest(db, digestId)
  if (!digest) return undefined
  const counts: Record<SendState, number> = {pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0}
  for (const row of db.prepare('SELECT state, COUNT(*) AS n FROM sends WHERE digest_id = ? GROUP BY state').all(digest.id) as {state: SendState; n: number}[]) {
    counts[row.state] = row.n
  }
  const failed = listSends(db, digest.id, 'failed').map((send) => ({email: send.email, reply: send.lastError ?? ''}))
  const {resent} = db.prepare('SELECT COUNT(*) AS resent FROM sends WHERE digest_id = ? AND resends > 0').get(digest.id) as {resent: number}
  return {digest, counts, failed, resent}
}
