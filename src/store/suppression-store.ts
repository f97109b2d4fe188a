import type {Db} from './db.js'

/** What a matched report says happened to one message of ours. */
export type DeliveryEventKind = 'hard-bounce' | 'soft-bounce' | 'complaint'

/** Why an address was suppressed by a report rather than by its owner. */
export type SuppressionReason = 'bounce' | 'complaint'

/** One copy in the send log: which digest or alert, to whom, under which Message-ID. */
export interface SentCopy {
  digestId: number
  subscriberId: number
  /** `daily`, `weekly` or `alert`. */
  kind: string
  messageId: string
  state: string
  email: string
  subscriberStatus: string
}

/** A report matched to a copy of ours, with its evidence. */
export interface DeliveryEvent {
  kind: DeliveryEventKind
  digestId: number
  subscriberId: number
  messageId: string
  /** The report's own Message-ID, when it has one. */
  reportMessageId: string | undefined
  statusCode: string | undefined
  diagnostic: string | undefined
  /** Where the report came from: a file path, a mailbox, `ses`. */
  source: string
  /** What makes this report this report: read again, it is recognised and counts once. */
  evidenceKey: string
}

/** When soft bounces suppress: `limit` of them within `windowMs`. */
export interface SoftBouncePolicy {
  limit: number
  windowMs: number
}

/** The default soft-bounce policy: three within fourteen days. */
export const defaultSoftBouncePolicy: SoftBouncePolicy = {limit: 3, windowMs: 14 * 24 * 60 * 60 * 1000}

/** What recording an event did. */
export type RecordOutcome =
  | {outcome: 'duplicate'}
  | {outcome: 'recorded'; softCount?: number}
  | {outcome: 'suppressed'; reason: SuppressionReason; softCount?: number}
  | {outcome: 'already-suppressed'}

/** The copy of digest or alert `digestId` sent to `subscriberId`, if the send log has one. */
export async function findSentCopy(db: Db, digestId: number, subscriberId: number): Promise<SentCopy | undefined> {
  const row = await db.get<{digest_id: number; subscriber_id: number; kind: string; message_id: string; state: string; email: string; status: string}>(
    `SELECT s.digest_id, s.subscriber_id, d.kind, s.message_id, s.state, sub.email, sub.status
     FROM sends s JOIN digests d ON d.id = s.digest_id JOIN subscribers sub ON sub.id = s.subscriber_id
     WHERE s.digest_id = ? AND s.subscriber_id = ?`,
    digestId, subscriberId
  )
  return row && {digestId: row.digest_id, subscriberId: row.subscriber_id, kind: row.kind, messageId: row.message_id, state: row.state, email: row.email, subscriberStatus: row.status}
}

/**
 * Record a matched report once, and suppress its address when it calls for it: a hard bounce or a complaint at once,
 * soft bounces when `policy.limit` of them fall within `policy.windowMs` up to `now`. One transaction, so a report
 * read twice at the same time still counts once.
 */
export async function recordDeliveryEvent(db: Db, event: DeliveryEvent, policy: SoftBouncePolicy, now: number): Promise<RecordOutcome> {
  const at = new Date(now).toISOString()
  return db.transaction(async (): Promise<RecordOutcome> => {
    const inserted = await db.get<{id: number}>(
      `INSERT INTO delivery_events (evidence_key, subscriber_id, digest_id, kind, message_id, report_message_id, status_code, diagnostic, source, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (evidence_key) DO NOTHING RETURNING id`,
      event.evidenceKey, event.subscriberId, event.digestId, event.kind, event.messageId, event.reportMessageId ?? null, event.statusCode ?? null, event.diagnostic ?? null, event.source, at
    )
    if (!inserted) return {outcome: 'duplicate'}
    let softCount: number | undefined
    if (event.kind === 'soft-bounce') {
      const since = new Date(now - policy.windowMs).toISOString()
      softCount = (await db.get<{n: number}>(`SELECT COUNT(*) AS n FROM delivery_events WHERE subscriber_id = ? AND kind = 'soft-bounce' AND received_at >= ?`, event.subscriberId, since))?.n ?? 0
      if (softCount < policy.limit) return {outcome: 'recorded', softCount}
    }
    const reason: SuppressionReason = event.kind === 'complaint' ? 'complaint' : 'bounce'
    const suppressed = await db.run(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE id = ? AND status != 'unsubscribed'`, at, at, event.subscriberId)
    if (suppressed.changes === 0) return {outcome: 'already-suppressed'}
    await db.run(`INSERT INTO suppressions (subscriber_id, reason, event_id, at) VALUES (?, ?, ?, ?)`, event.subscriberId, reason, inserted.id, at)
    return {outcome: 'suppressed', reason, ...(softCount === undefined ? {} : {softCount})}
  })
}

/** Why a subscriber is suppressed now, with the report's evidence; undefined when not suppressed by a report. */
export async function currentSuppression(db: Db, subscriberId: number): Promise<{reason: SuppressionReason; at: string; event: Omit<DeliveryEvent, 'evidenceKey'> & {receivedAt: string}} | undefined> {
  const row = await db.get<Record<string, string | number | null>>(
    `SELECT sp.reason, sp.at, e.kind, e.digest_id, e.subscriber_id, e.message_id, e.report_message_id, e.status_code, e.diagnostic, e.source, e.received_at
     FROM suppressions sp JOIN subscribers sub ON sub.id = sp.subscriber_id JOIN delivery_events e ON e.id = sp.event_id
     WHERE sp.subscriber_id = ? AND sub.status = 'unsubscribed' AND sub.unsubscribed_at = sp.at ORDER BY sp.id DESC LIMIT 1`,
    subscriberId
  )
  if (!row) return undefined
  const text = (value: unknown) => (value === null || value === undefined ? undefined : String(value))
  return {
    reason: row.reason as SuppressionReason,
    at: String(row.at),
    event: {
      kind: row.kind as DeliveryEventKind, digestId: Number(row.digest_id), subscriberId: Number(row.subscriber_id), messageId: String(row.message_id),
      reportMessageId: text(row.report_message_id), statusCode: text(row.status_code), diagnostic: text(row.diagnostic), source: String(row.source), receivedAt: String(row.received_at)
    }
  }
}

/** Bounce and complaint counts of one send (a digest or an alert), against the copies it delivered. */
export interface SendDeliveryRates {
  digestId: number
  kind: string
  createdAt: string
  sent: number
  hardBounces: number
  softBounces: number
  complaints: number
}

/** The newest `limit` sends with their bounce and complaint counts, newest first. */
export async function deliveryRates(db: Db, limit: number): Promise<SendDeliveryRates[]> {
  const rows = await db.all<{id: number; kind: string; created_at: string; sent: number; hard: number; soft: number; complaints: number}>(
    `SELECT d.id, d.kind, d.created_at,
         (SELECT COUNT(*) FROM sends s WHERE s.digest_id = d.id AND s.state = 'sent') AS sent,
         (SELECT COUNT(DISTINCT e.subscriber_id) FROM delivery_events e WHERE e.digest_id = d.id AND e.kind = 'hard-bounce') AS hard,
         (SELECT COUNT(DISTINCT e.subscriber_id) FROM delivery_events e WHERE e.digest_id = d.id AND e.kind = 'soft-bounce') AS soft,
         (SELECT COUNT(DISTINCT e.subscriber_id) FROM delivery_events e WHERE e.digest_id = d.id AND e.kind = 'complaint') AS complaints
       FROM digests d ORDER BY d.id DESC LIMIT ?`,
    limit
  )
  return rows.map((row) => ({digestId: row.id, kind: row.kind, createdAt: row.created_at, sent: row.sent, hardBounces: row.hard, softBounces: row.soft, complaints: row.complaints}))
}
