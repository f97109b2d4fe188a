import {recordConsent, type ConsentSource} from './consent-store.js'
import {isFrequency, type Frequency} from './frequency-for.js'
import type {Db} from './open-store.js'
import {validateSubscriber, type SubscriberInput, type ValidSubscriber} from './validate-subscriber.js'

/**
 * Where a subscriber stands. `unsubscribed` is the suppressed state: it is left only through fresh consent, the
 * confirmation of a new sign-up or an operator's `--force-consent`.
 */
export type SubscriberStatus = 'active' | 'pending' | 'unsubscribed'

/** A stored subscriber. */
export interface Subscriber {
  id: number
  email: string
  name: string
  tags: string[]
  status: SubscriberStatus
  /** The cadence of releases on topics without one of their own. */
  frequency: Frequency
  /** Tag slug -> frequency, overriding `frequency` for that topic. */
  topicFrequencies: Record<string, Frequency>
  createdAt: string
  updatedAt: string
  unsubscribedAt: string | undefined
}

/** What adding or importing did to one address; `resubscribed` only with a `forceConsent` reason. */
export type UpsertOutcome = 'added' | 'updated' | 'unchanged' | 'suppressed' | 'resubscribed'

/** How an add or import is filed: its status, clock, where the consent came from, and a reason to lift a suppression. */
export interface UpsertOptions {
  status?: 'active' | 'pending'
  now?: number
  /** Records a consent from this source for each address it makes active. */
  consent?: ConsentSource
  /** The operator's reason to resubscribe a suppressed address (`--force-consent`), recorded with the consent. */
  forceConsent?: string
}

interface SubscriberRow {
  id: number
  email: string
  name: string
  tags: string
  status: SubscriberStatus
  frequency: Frequency
  topic_frequencies: string
  created_at: string
  updated_at: string
  unsubscribed_at: string | null
}

function fromRow(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    tags: JSON.parse(row.tags) as string[],
    status: row.status,
    frequency: row.frequency,
    topicFrequencies: parseTopicFrequencies(row.topic_frequencies),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    unsubscribedAt: row.unsubscribed_at ?? undefined
  }
}

/** A stored topic -> frequency map, keeping only entries that name a frequency. */
export function parseTopicFrequencies(json: string): Record<string, Frequency> {
  const parsed = JSON.parse(json) as unknown
  if (typeof parsed !== 'object' || parsed === null) return {}
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, Frequency] => isFrequency(entry[1])))
}

/** The subscriber with this address (any case), if on file. */
export async function findSubscriber(db: Db, email: string): Promise<Subscriber | undefined> {
  const row = await db.get('SELECT * FROM subscribers WHERE email_key = ?', email.trim().toLowerCase()) as SubscriberRow | undefined
  return row ? fromRow(row) : undefined
}

/** The subscriber with this id, if on file. */
export async function getSubscriber(db: Db, id: number): Promise<Subscriber | undefined> {
  const row = await db.get('SELECT * FROM subscribers WHERE id = ?', id) as SubscriberRow | undefined
  return row ? fromRow(row) : undefined
}

/**
 * Insert or update one checked subscriber. An unsubscribed (suppressed) address is left exactly as it is, unless the
 * operator gives a `forceConsent` reason: neither an import nor an add may bring it back on its own.
 */
export async function upsertSubscriber(db: Db, subscriber: ValidSubscriber, options: UpsertOptions = {}): Promise<UpsertOutcome> {
  // One transaction from the look-up to the write: another request's sign-up of the same address may run in between.
  return db.transaction(() => upsertIn(db, subscriber, options))
}

async function upsertIn(db: Db, subscriber: ValidSubscriber, options: UpsertOptions): Promise<UpsertOutcome> {
  const now = options.now ?? Date.now()
  const at = new Date(now).toISOString()
  const existing = await findSubscriber(db, subscriber.email)
  const tags = JSON.stringify(subscriber.tags)
  const status = options.status ?? 'active'
  if (!existing) {
    const {id} = (await db.get<{id: number}>(
      `INSERT INTO subscribers (email, email_key, name, tags, status, frequency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      subscriber.email, subscriber.emailKey, subscriber.name, tags, status, subscriber.frequency ?? 'daily', at, at
    ))!
    if (status === 'active' && options.consent) await recordConsent(db, {subscriberId: id, source: options.consent, now})
    return 'added'
  }
  // An update merges: an empty name or tags cell (a CSV exported by another tool) never erases what is on file.
  const name = subscriber.name === '' ? existing.name : subscriber.name
  const mergedTags = subscriber.tags.length === 0 ? JSON.stringify(existing.tags) : tags
  const frequency = subscriber.frequency ?? existing.frequency
  if (existing.status === 'unsubscribed') {
    if (options.forceConsent === undefined) return 'suppressed'
    await db.run(`UPDATE subscribers SET status = 'active', name = ?, tags = ?, frequency = ?, unsubscribed_at = NULL, confirm_token_hash = NULL, consent_requested_at = NULL, requested_choice = NULL, updated_at = ? WHERE id = ?`, name, mergedTags, frequency, at, existing.id)
    await recordConsent(db, {subscriberId: existing.id, source: options.consent ?? 'add', reason: options.forceConsent, now})
    return 'resubscribed'
  }
  if (existing.name === name && JSON.stringify(existing.tags) === mergedTags && existing.frequency === frequency) return 'unchanged'
  await db.run('UPDATE subscribers SET name = ?, tags = ?, frequency = ?, updated_at = ? WHERE id = ?', name, mergedTags, frequency, at, existing.id)
  return 'updated'
}

/**
 * Set how often a subscriber hears of releases: the default cadence, and per topic (tag slug) overrides, which replace
 * the ones on file. True when the subscriber exists.
 */
export async function setSubscriberFrequencies(db: Db, id: number, frequency: Frequency, topicFrequencies: Readonly<Record<string, Frequency>> = {}, options: {now?: number} = {}): Promise<boolean> {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const topics = Object.fromEntries(Object.entries(topicFrequencies).filter((entry) => isFrequency(entry[1])))
  return (await db.run('UPDATE subscribers SET frequency = ?, topic_frequencies = ?, updated_at = ? WHERE id = ?', frequency, JSON.stringify(topics), at, id)).changes > 0
}

/** Add a subscriber (or update its name and tags); refuses bad input with `SUBSCRIBER_INVALID`. */
export async function addSubscriber(db: Db, input: SubscriberInput, options: UpsertOptions = {}): Promise<UpsertOutcome> {
  return upsertSubscriber(db, validateSubscriber(input), options)
}

/**
 * Unsubscribe an address: it stays on file as suppressed so it never receives again. An address not on file is
 * recorded as suppressed too, so a later import cannot add it.
 */
export async function removeSubscriber(db: Db, email: string, options: {now?: number} = {}): Promise<'unsubscribed' | 'already-unsubscribed' | 'suppressed-new'> {
  return db.transaction(() => removeIn(db, email, options))
}

async function removeIn(db: Db, email: string, options: {now?: number}): Promise<'unsubscribed' | 'already-unsubscribed' | 'suppressed-new'> {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const existing = await findSubscriber(db, email)
  if (existing?.status === 'unsubscribed') return 'already-unsubscribed'
  if (existing) {
    await db.run(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE id = ?`, at, at, existing.id)
    return 'unsubscribed'
  }
  const checked = validateSubscriber({email})
  await db.run(`INSERT INTO subscribers (email, email_key, status, unsubscribed_at, created_at, updated_at) VALUES (?, ?, 'unsubscribed', ?, ?, ?)`, checked.email, checked.emailKey, at, at, at)
  return 'suppressed-new'
}

/** Unsubscribe by id (the one-click endpoint's path); true when the subscriber existed. */
export async function unsubscribeById(db: Db, id: number, options: {now?: number} = {}): Promise<boolean> {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const result = await db.run(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, ?), updated_at = ? WHERE id = ?`, at, at, id)
  return result.changes > 0
}

/** Every subscriber on file in address order, optionally only those in one status. */
export async function listSubscribers(db: Db, options: {status?: SubscriberStatus} = {}): Promise<Subscriber[]> {
  const rows = options.status
    ? await db.all('SELECT * FROM subscribers WHERE status = ? ORDER BY email_key', options.status)
    : await db.all('SELECT * FROM subscribers ORDER BY email_key')
  return (rows as SubscriberRow[]).map(fromRow)
}

/** The topics and cadence a sign-up asked for, kept with its pending confirmation until the link is followed. */
export interface RequestedChoice {
  tags: string[]
  frequency: Frequency
}

/**
 * Confirm a subscription (double opt-in) and record the consent: pending becomes active, and so does an unsubscribed
 * address, but only with the link its latest sign-up mailed (`confirmTokenHash`). The topics and cadence that sign-up
 * asked for are applied now, never before, replacing the ones on file and their per-topic overrides. Active stays
 * active, so a replayed link records nothing twice, and a confirm link mailed before the address left can never bring
 * it back.
 */
export async function activateSubscriber(db: Db, id: number, options: {now?: number; confirmTokenHash?: string} = {}): Promise<SubscriberStatus | undefined> {
  const now = options.now ?? Date.now()
  const at = new Date(now).toISOString()
  return db.transaction(async () => {
    const row = await db.get('SELECT status, confirm_token_hash, consent_requested_at, requested_choice FROM subscribers WHERE id = ?', id) as
      | {status: SubscriberStatus; confirm_token_hash: string | null; consent_requested_at: string | null; requested_choice: string | null}
      | undefined
    if (!row) return undefined
    const renewed = row.status === 'unsubscribed' && row.confirm_token_hash !== null && row.confirm_token_hash === options.confirmTokenHash
    if (row.status !== 'pending' && !renewed) return row.status
    await db.run(`UPDATE subscribers SET status = 'active', confirmed_at = ?, unsubscribed_at = NULL, confirm_token_hash = NULL, consent_requested_at = NULL, requested_choice = NULL, updated_at = ? WHERE id = ?`, at, at, id)
    const choice = parseRequestedChoice(row.requested_choice)
    if (choice) await db.run(`UPDATE subscribers SET tags = ?, frequency = ?, topic_frequencies = '{}' WHERE id = ?`, JSON.stringify(choice.tags), choice.frequency, id)
    await recordConsent(db, {subscriberId: id, source: 'form', requestedAt: row.consent_requested_at ?? undefined, now})
    return 'active' as const
  })
}

/**
 * Remember the confirmation a sign-up just mailed: its hash (so only that link can bring a suppressed address back),
 * when it was asked for and the topics and cadence it asked for. An active subscriber is left alone: the form is open
 * to anyone.
 */
export async function noteConfirmationRequest(db: Db, id: number, confirmTokenHash: string, options: {now?: number; choice?: RequestedChoice} = {}): Promise<void> {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const choice = options.choice ? JSON.stringify({tags: [...options.choice.tags].sort(), frequency: options.choice.frequency}) : null
  await db.run(`UPDATE subscribers SET confirm_token_hash = ?, consent_requested_at = ?, requested_choice = ? WHERE id = ? AND status != 'active'`, confirmTokenHash, at, choice, id)
}

// A stored choice is only ever written by noteConfirmationRequest; anything else in the cell is ignored, not applied.
function parseRequestedChoice(json: string | null): RequestedChoice | undefined {
  if (json === null) return undefined
  const parsed = JSON.parse(json) as {tags?: unknown; frequency?: unknown}
  if (!Array.isArray(parsed.tags) || !parsed.tags.every((tag) => typeof tag === 'string') || !isFrequency(parsed.frequency)) return undefined
  return {tags: parsed.tags as string[], frequency: parsed.frequency}
}

/**
 * Set the topics and cadence of a subscriber who has not unsubscribed (the preference page), in one write so a reader
 * never sees new topics with old overrides; false when nothing was changed.
 */
export async function setSubscriberPreferences(
  db: Db, id: number, choices: {tags: readonly string[]; frequency: Frequency; topicFrequencies: Readonly<Record<string, Frequency>>}, options: {now?: number} = {}
): Promise<boolean> {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const result = await db.run(`UPDATE subscribers SET tags = ?, frequency = ?, topic_frequencies = ?, updated_at = ? WHERE id = ? AND status != 'unsubscribed'`, JSON.stringify([...choices.tags].sort()), choices.frequency, JSON.stringify(choices.topicFrequencies), at, id)
  return result.changes > 0
}
