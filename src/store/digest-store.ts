import type {Frequency} from './frequency-for.js'
import {inList, type Db} from './db.js'
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

/** A row of `sends` joined with its subscriber, as `sendSelect` reads it. */
export interface SendRow {
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

/** The `Send` of a row read with `sendSelect`. */
export const sendFromRow = (row: SendRow): Send => ({
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

/** The columns of a send and its subscriber; `s` is the send, `b` the subscriber. */
export const sendSelect = `SELECT s.*, b.email, b.name, b.tags, b.frequency, b.topic_frequencies, b.status FROM sends s JOIN subscribers b ON b.id = s.subscriber_id`
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
export async function createDigest(db: Db, digest: NewDigest, subscribers: () => Subscriber[] | Promise<Subscriber[]>): Promise<Digest> {
  return db.transaction(async () => {
    const at = iso(digest.now)
    const {id} = (await db.get<{id: number}>(
      `INSERT INTO digests (created_at, since, until, release_ids, status, kind, release_version, note) VALUES (?, ?, ?, ?, 'sending', ?, ?, ?) RETURNING id`,
      at, digest.since ?? null, digest.until, JSON.stringify(digest.releaseIds), digest.kind ?? 'daily', digest.releaseVersion ?? null, digest.note ?? null
    ))!
    const rows = (await subscribers()).map((subscriber) => {
      const reason = subscriber.status === 'active' ? digest.skipReason(subscriber) : `subscriber is ${subscriber.status === 'unsubscribed' ? 'unsubscribed (suppressed)' : 'pending confirmation'}`
      return [id, subscriber.id, reason ? 'skipped' : 'pending', digest.messageId(id, subscriber.id), reason ?? null, at]
    })
    // Many rows a statement: against a server each statement is a round trip, and a big list has tens of thousands.
    for (let start = 0; start < rows.length; start += insertBatch) {
      const batch = rows.slice(start, start + insertBatch)
      await db.run(`INSERT INTO sends (digest_id, subscriber_id, state, message_id, last_error, updated_at) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, ...batch.flat())
    }
    return (await getDigest(db, id))!
  })
}

const insertBatch = 200

/** The digest with this id, if any. */
export async function getDigest(db: Db, id: number): Promise<Digest | undefined> {
  const row = await db.get('SELECT * FROM digests WHERE id = ?', id) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** The newest digest of this kind still being sent (a crashed or interrupted run), which a new run must finish first. */
export async function unfinishedDigest(db: Db, kind: DigestKind = 'daily'): Promise<Digest | undefined> {
  const row = await db.get(`SELECT * FROM digests WHERE status = 'sending' AND kind = ? ORDER BY id DESC LIMIT 1`, kind) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** Every unfinished mailing of this kind, oldest first (alerts: one per release, several may be open after a crash). */
export async function unfinishedDigests(db: Db, kind: DigestKind): Promise<Digest[]> {
  return (await db.all(`SELECT * FROM digests WHERE status = 'sending' AND kind = ? ORDER BY id`, kind) as DigestRow[]).map(digestFromRow)
}

/** The newest digest of this kind whose sending finished: the next one takes releases published after its `until`. */
export async function lastSentDigest(db: Db, kind: DigestKind = 'daily'): Promise<Digest | undefined> {
  const row = await db.get(`SELECT * FROM digests WHERE status = 'done' AND kind = ? ORDER BY id DESC LIMIT 1`, kind) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** The newest digest of any status, of any of `kinds` (default: any kind). */
export async function latestDigest(db: Db, kinds?: readonly DigestKind[]): Promise<Digest | undefined> {
  const row = (kinds
    ? await db.get(`SELECT * FROM digests WHERE kind IN ${inList(kinds.length)} ORDER BY id DESC LIMIT 1`, ...kinds)
    : await db.get(`SELECT * FROM digests ORDER BY id DESC LIMIT 1`)) as DigestRow | undefined
  return row ? digestFromRow(row) : undefined
}

/** The alerts created for a release, oldest first. */
export async function alertsOf(db: Db, releaseId: string): Promise<Digest[]> {
  return (await db.all(`SELECT * FROM digests WHERE kind = 'alert' AND release_ids = ? ORDER BY id`, JSON.stringify([releaseId])) as DigestRow[]).map(digestFromRow)
}

/** The newest alerts, newest first. */
export async function recentAlerts(db: Db, limit: number): Promise<Digest[]> {
  return (await db.all(`SELECT * FROM digests WHERE kind = 'alert' ORDER BY id DESC LIMIT ?`, limit) as DigestRow[]).map(digestFromRow)
}

/**
 * Take the next pending recipient and mark it `sending` in one write, so the state is stored before the SMTP handoff
 * begins. Undefined when none is left.
 */
export async function claimNext(db: Db, digestId: number, options: ClaimOptions = {}): Promise<Send | undefined> {
  return db.transaction(() => claimPending(db, digestId, options))
}

/** Options of a claim: its clock, and recipients it must not take. */
export interface ClaimOptions {
  now?: number
  /** Subscriber ids this claim passes over (those the server refused while it refused everyone). */
  avoid?: ReadonlySet<number>
}

/**
 * Record that the server accepted one recipient's message and claim the next pending one in the same commit: the
 * same states reach the disk in the same order as with markSent then claimNext, in one write instead of two.
 */
export async function markSentAndClaimNext(db: Db, digestId: number, subscriberId: number, reply: string, options: {now?: number} = {}): Promise<Send | undefined> {
  // One clock reading for the commit: both rows change at the same moment.
  const now = {now: options.now ?? Date.now()}
  return db.transaction(async () => {
    await markSent(db, digestId, subscriberId, reply, now)
    return claimPending(db, digestId, now)
  })
}

async function claimPending(db: Db, digestId: number, options: ClaimOptions): Promise<Send | undefined> {
  const next = `${sendSelect} WHERE s.digest_id = ? AND s.state = 'pending'`
  const avoid = [...(options.avoid ?? [])]
  const row = await (avoid.length > 0
    ? db.get<SendRow>(`${next} AND s.subscriber_id NOT IN ${inList(avoid.length)} ORDER BY s.subscriber_id LIMIT 1`, digestId, ...avoid)
    : db.get<SendRow>(`${next} ORDER BY s.subscriber_id LIMIT 1`, digestId))
  if (!row) return undefined
  await markSending(db, digestId, row.subscriber_id, options)
  return sendFromRow({...row, state: 'sending', attempts: row.attempts + 1})
}

/**
 * Options of a state change: its clock, and the sender that claimed the row (senders on several hosts), which must
 * still hold the claim: a sender whose claim was taken over changes nothing, so a row is recorded once.
 */
export interface MarkOptions {
  now?: number
  claimer?: string
}

// The state change of one row, only while `claimer` (when given) holds it; true when the row changed.
async function mark(db: Db, set: string, values: unknown[], digestId: number, subscriberId: number, options: MarkOptions): Promise<boolean> {
  const held = options.claimer === undefined ? '' : ' AND claimed_by = ?'
  const {changes} = await db.run(`UPDATE sends SET ${set}, updated_at = ? WHERE digest_id = ? AND subscriber_id = ?${held}`, ...values, iso(options.now), digestId, subscriberId, ...(options.claimer === undefined ? [] : [options.claimer]))
  return changes > 0
}

/** Record one more handoff attempt for a recipient; false when its claim was taken over by another sender. */
export async function markSending(db: Db, digestId: number, subscriberId: number, options: MarkOptions = {}): Promise<boolean> {
  return mark(db, `state = 'sending', attempts = attempts + 1`, [], digestId, subscriberId, options)
}

/** Record that the server accepted the message; `reply` is its response line. */
export async function markSent(db: Db, digestId: number, subscriberId: number, reply: string, options: MarkOptions = {}): Promise<boolean> {
  return mark(db, `state = 'sent', last_error = ?`, [reply], digestId, subscriberId, options)
}

/** Record a permanent failure with the server's reply. */
export async function markFailed(db: Db, digestId: number, subscriberId: number, reply: string, options: MarkOptions = {}): Promise<boolean> {
  return mark(db, `state = 'failed', last_error = ?`, [reply], digestId, subscriberId, options)
}

/** Record that a recipient gets nothing this time (unsubscribed meanwhile, or nothing matched), with why. */
export async function markSkipped(db: Db, digestId: number, subscriberId: number, reason: string, options: MarkOptions = {}): Promise<boolean> {
  return mark(db, `state = 'skipped', last_error = ?`, [reason], digestId, subscriberId, options)
}

/** Put a recipient back in the queue, unclaimed: the server could not be reached, so nothing was handed over. */
export async function markPending(db: Db, digestId: number, subscriberId: number, reason: string, options: MarkOptions = {}): Promise<boolean> {
  return mark(db, `state = 'pending', claimed_by = NULL, lease_until = NULL, last_error = ?`, [reason], digestId, subscriberId, options)
}

/**
 * Put a recipient back in the queue after a handoff whose outcome is unknown (the run died, or the connection dropped
 * before the server's reply): it goes again under the same Message-ID, counted and marked as a possible duplicate.
 */
export async function markResend(db: Db, digestId: number, subscriberId: number, reason: string, options: MarkOptions = {}): Promise<boolean> {
  return mark(db, `state = 'pending', claimed_by = NULL, lease_until = NULL, resends = resends + 1, last_error = ?`, [reason], digestId, subscriberId, options)
}

/**
 * Queue the failed recipients of a digest again and reopen it, in one commit; suppressed (unsubscribed) and unconfirmed
 * subscribers stay failed. Returns how many were queued.
 */
export async function requeueFailed(db: Db, digestId: number, options: {now?: number} = {}): Promise<number> {
  return db.transaction(async () => {
    const {changes} = await db.run(`UPDATE sends SET state = 'pending', last_error = 'queued again by --retry-failed after: ' || COALESCE(last_error, ''), updated_at = ?
       WHERE digest_id = ? AND state = 'failed' AND subscriber_id IN (SELECT id FROM subscribers WHERE status = 'active')`, iso(options.now), digestId)
    if (changes > 0) await db.run(`UPDATE digests SET status = 'sending', finished_at = NULL WHERE id = ?`, digestId)
    return changes
  })
}

/** Recipients left in `sending`: their handoff was in flight when a run died. */
export async function inFlightSends(db: Db, digestId: number): Promise<Send[]> {
  return (await db.all(`${sendSelect} WHERE s.digest_id = ? AND s.state = 'sending' ORDER BY s.subscriber_id`, digestId) as SendRow[]).map(sendFromRow)
}

/** Every recipient of a digest, optionally in one state. */
export async function listSends(db: Db, digestId: number, state?: SendState): Promise<Send[]> {
  const rows = state
    ? await db.all(`${sendSelect} WHERE s.digest_id = ? AND s.state = ? ORDER BY s.subscriber_id`, digestId, state)
    : await db.all(`${sendSelect} WHERE s.digest_id = ? ORDER BY s.subscriber_id`, digestId)
  return (rows as SendRow[]).map(sendFromRow)
}

/** Mark a digest finished once no recipient is pending or sending; true when it is. */
export async function finishDigest(db: Db, digestId: number, options: {now?: number} = {}): Promise<boolean> {
  const open = await db.get(`SELECT COUNT(*) AS n FROM sends WHERE digest_id = ? AND state IN ('pending', 'sending')`, digestId) as {n: number}
  if (open.n > 0) return false
  await db.run(`UPDATE digests SET status = 'done', finished_at = ? WHERE id = ? AND status = 'sending'`, iso(options.now), digestId)
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
export async function digestStatus(db: Db, digestId?: number, kinds?: readonly DigestKind[]): Promise<DigestStatus | undefined> {
  const digest = digestId === undefined ? await latestDigest(db, kinds) : await getDigest(db, digestId)
  if (!digest) return undefined
  const counts: Record<SendState, number> = {pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0}
  for (const row of await db.all('SELECT state, COUNT(*) AS n FROM sends WHERE digest_id = ? GROUP BY state', digest.id) as {state: SendState; n: number}[]) {
    counts[row.state] = row.n
  }
  const failed = (await listSends(db, digest.id, 'failed')).map((send) => ({email: send.email, reply: send.lastError ?? ''}))
  const {resent} = await db.get('SELECT COUNT(*) AS resent FROM sends WHERE digest_id = ? AND resends > 0', digest.id) as {resent: number}
  return {digest, counts, failed, resent}
}

/** The newest mailings of any kind, newest first, with how many recipients are in each send state. */
export async function recentDigestCounts(db: Db, limit: number): Promise<Array<{id: number; kind: string; created_at: string; status: string; release_ids: string; counts: Partial<Record<SendState, number>>}>> {
  const digests = await db.all<{id: number; kind: string; created_at: string; status: string; release_ids: string}>('SELECT id, kind, created_at, status, release_ids FROM digests ORDER BY id DESC LIMIT ?', limit)
  const result = []
  for (const digest of digests) {
    const rows = await db.all<{state: SendState; n: number}>('SELECT state, COUNT(*) AS n FROM sends WHERE digest_id = ? GROUP BY state', digest.id)
    result.push({...digest, counts: Object.fromEntries(rows.map((row) => [row.state, row.n]))})
  }
  return result
}
