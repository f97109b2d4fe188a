import type {Db} from './open-store.js'

/** How a consent reached us: the sign-up form (confirmed by its link), `subscribers import` or `subscribers add`. */
export type ConsentSource = 'form' | 'add' | 'import'

/** One recorded consent to receive the newsroom's mail; consents are history and are never changed. */
export interface Consent {
  subscriberId: number
  source: ConsentSource
  /** The operator's `--force-consent` reason, when a suppressed address was resubscribed by a command. */
  reason: string | undefined
  /** When the sign-up form asked for the confirmation (form consents only). */
  requestedAt: string | undefined
  givenAt: string
}

interface ConsentRow {
  subscriber_id: number
  source: ConsentSource
  reason: string | null
  requested_at: string | null
  given_at: string
}

/** Append one consent to the subscriber's history. */
export async function recordConsent(db: Db, consent: {subscriberId: number; source: ConsentSource; reason?: string; requestedAt?: string; now: number}): Promise<void> {
  await db.run('INSERT INTO consents (subscriber_id, source, reason, requested_at, given_at) VALUES (?, ?, ?, ?, ?)', 
    consent.subscriberId, consent.source, consent.reason ?? null, consent.requestedAt ?? null, new Date(consent.now).toISOString()
  )
}

/** A subscriber's consents, oldest first. */
export async function listConsents(db: Db, subscriberId: number): Promise<Consent[]> {
  const rows = await db.all('SELECT * FROM consents WHERE subscriber_id = ? ORDER BY id', subscriberId) as ConsentRow[]
  return rows.map((row) => ({
    subscriberId: row.subscriber_id,
    source: row.source,
    reason: row.reason ?? undefined,
    requestedAt: row.requested_at ?? undefined,
    givenAt: row.given_at
  }))
}
