import {isFrequency, type Frequency} from './frequency-for.js'
import type {Db} from './open-store.js'
import {validateSubscriber, type SubscriberInput, type ValidSubscriber} from './validate-subscriber.js'

/** Where a subscriber stands: `unsubscribed` is the suppressed state and is never left again. */
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

/** What adding or importing did to one address. */
export type UpsertOutcome = 'added' | 'updated' | 'unchanged' | 'suppressed'

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
export function findSubscriber(db: Db, email: string): Subscriber | undefined {
  const row = db.prepare('SELECT * FROM subscribers WHERE email_key = ?').get(email.trim().toLowerCase()) as SubscriberRow | undefined
  return row ? fromRow(row) : undefined
}

/** The subscriber with this id, if on file. */
export function getSubscriber(db: Db, id: number): Subscriber | undefined {
  const row = db.prepare('SELECT * FROM subscribers WHERE id = ?').get(id) as SubscriberRow | undefined
  return row ? fromRow(row) : undefined
}

/**
 * Insert or update one checked subscriber. An unsubscribed (suppressed) address is left exactly as it is: neither
 * an import nor an add may bring it back.
 */
export function upsertSubscriber(db: Db, subscriber: ValidSubscriber, options: {status?: 'active' | 'pending'; now?: number} = {}): UpsertOutcome {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const existing = findSubscriber(db, subscriber.email)
  const tags = JSON.stringify(subscriber.tags)
  if (!existing) {
    db.prepare(
      `INSERT INTO subscribers (email, email_key, name, tags, status, frequency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(subscriber.email, subscriber.emailKey, subscriber.name, tags, options.status ?? 'active', subscriber.frequency ?? 'daily', at, at)
    return 'added'
  }
  if (existing.status === 'unsubscribed') return 'suppressed'
  // An update merges: an empty name or tags cell (a CSV exported by another tool) never erases what is on file.
  const name = subscriber.name === '' ? existing.name : subscriber.name
  const mergedTags = subscriber.tags.length === 0 ? JSON.stringify(existing.tags) : tags
  const frequency = subscriber.frequency ?? existing.frequency
  if (existing.name === name && JSON.stringify(existing.tags) === mergedTags && existing.frequency === frequency) return 'unchanged'
  db.prepare('UPDATE subscribers SET name = ?, tags = ?, frequency = ?, updated_at = ? WHERE id = ?').run(name, mergedTags, frequency, at, existing.id)
  return 'updated'
}

/**
 * Set how often a subscriber hears of releases: the default cadence, and per topic (tag slug) overrides, which replace
 * the ones on file. True when the subscriber exists.
 */
export function setSubscriberFrequencies(db: Db, id: number, frequency: Frequency, topicFrequencies: Readonly<Record<string, Frequency>> = {}, options: {now?: number} = {}): boolean {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const topics = Object.fromEntries(Object.entries(topicFrequencies).filter((entry) => isFrequency(entry[1])))
  return db.prepare('UPDATE subscribers SET frequency = ?, topic_frequencies = ?, updated_at = ? WHERE id = ?').run(frequency, JSON.stringify(topics), at, id).changes > 0
}

/** Add a subscriber (or update its name and tags); refuses bad input with `SUBSCRIBER_INVALID`. */
export function addSubscriber(db: Db, input: SubscriberInput, options: {status?: 'active' | 'pending'; now?: number} = {}): UpsertOutcome {
  return upsertSubscriber(db, validateSubscriber(input), options)
}

/**
 * Unsubscribe an address: it stays on file as suppressed so it never receives again. An address not on file is
 * recorded as suppressed too, so a later import cannot add it.
 */
export function removeSubscriber(db: Db, email: string, options: {now?: number} = {}): 'unsubscribed' | 'already-unsubscribed' | 'suppressed-new' {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const existing = findSubscriber(db, email)
  if (existing?.status === 'unsubscribed') return 'already-unsubscribed'
  if (existing) {
    db.prepare(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE id = ?`).run(at, at, existing.id)
    return 'unsubscribed'
  }
  const checked = validateSubscriber({email})
  db.prepare(
    `INSERT INTO subscribers (email, email_key, status, unsubscribed_at, created_at, updated_at) VALUES (?, ?, 'unsubscribed', ?, ?, ?)`
  ).run(checked.email, checked.emailKey, at, at, at)
  return 'suppressed-new'
}

/** Unsubscribe by id (the one-click endpoint's path); true when the subscriber existed. */
export function unsubscribeById(db: Db, id: number, options: {now?: number} = {}): boolean {
  const at = new Date(options.now ?? Date.now()).toISOString()
  const result = db
    .prepare(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, ?), updated_at = ? WHERE id = ?`)
    .run(at, at, id)
  return result.changes > 0
}

/** Every subscriber on file in address order, optionally only those in one status. */
export function listSubscribers(db: Db, options: {status?: SubscriberStatus} = {}): Subscriber[] {
  const rows = options.status
    ? db.prepare('SELECT * FROM subscribers WHERE status = ? ORDER BY email_key').all(options.status)
    : db.prepare('SELECT * FROM subscribers ORDER BY email_key').all()
  return (rows as SubscriberRow[]).map(fromRow)
}

/**
 * Confirm a pending subscriber (double opt-in): pending becomes active. Active stays active and unsubscribed stays
 * suppressed, so a replayed or late confirm link can never bring a suppressed address back.
 */
export function activateSubscriber(db: Db, id: number, options: {now?: number} = {}): SubscriberStatus | undefined {
  const at = new Date(options.now ?? Date.now()).toISOString()
  db.prepare(`UPDATE subscribers SET status = 'active', confirmed_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`).run(at, at, id)
  return getSubscriber(db, id)?.status
}
