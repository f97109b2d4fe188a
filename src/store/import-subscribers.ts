import {PressroomError} from '../report/pressroom-error.js'
import type {Db} from './open-store.js'
import {csvValue, parseCsv} from './parse-csv.js'
import {upsertSubscriber, removeSubscriber} from './subscriber-store.js'
import {checkSubscriber, splitTags, type ValidSubscriber} from './validate-subscriber.js'

/** A refused CSV row: its line and why. */
export interface RejectedRow {
  line: number
  reason: string
}

/** What an import did, row by row accounted for: nothing is dropped without a count or a line. */
export interface ImportSummary {
  rows: number
  added: number
  updated: number
  unchanged: number
  /** Rows whose address appeared on an earlier row; merged into it (tags joined, last non-empty name wins). */
  mergedDuplicates: {line: number; firstLine: number}[]
  /** Addresses on file as unsubscribed: kept suppressed, never re-activated without `forceConsent`. */
  suppressedKept: {line: number; email: string}[]
  /** Suppressed addresses made active again under the operator's `forceConsent` reason. */
  resubscribed: {line: number; email: string}[]
  /** Rows with `status` `unsubscribed`: recorded as suppressed. */
  unsubscribed: number
  rejected: RejectedRow[]
  blankLines: number
}

const knownColumns = ['email', 'name', 'tags', 'status', 'frequency'] as const

/**
 * Import subscribers from CSV text with a header row (`email,name,tags`, optional `status` and `frequency`), in one
 * transaction. Each address it adds is recorded as consent given through the import; a suppressed address stays
 * suppressed unless `forceConsent` gives the operator's reason to resubscribe it.
 */
export async function importSubscribers(db: Db, csv: string, options: {now?: number; forceConsent?: string} = {}): Promise<ImportSummary> {
  const records = parseCsv(csv)
  const header = records.shift()
  const columns = header?.cells.map((cell) => cell.trim().toLowerCase()) ?? []
  const unknown = columns.filter((column) => !(knownColumns as readonly string[]).includes(column))
  if (!columns.includes('email') || unknown.length > 0) {
    throw new PressroomError('IMPORT_INVALID', `Unexpected header row \`${header?.cells.join(',') ?? ''}\`, expected \`email,name,tags\` (\`status\` and \`frequency\` optional)`, {
      hint: 'The first line names the columns; `email` is required, tags are separated by `;` or spaces'
    })
  }
  const at = (cells: string[], column: string) => {
    const index = columns.indexOf(column)
    return index === -1 ? '' : csvValue(cells[index] ?? '')
  }
  const summary: ImportSummary = {rows: 0, added: 0, updated: 0, unchanged: 0, mergedDuplicates: [], suppressedKept: [], resubscribed: [], unsubscribed: 0, rejected: [], blankLines: 0}
  const merged = new Map<string, {subscriber: ValidSubscriber; line: number; unsubscribe: boolean}>()
  for (const record of records) {
    if (record.cells.length === 1 && record.cells[0]?.trim() === '') {
      summary.blankLines++
      continue
    }
    summary.rows++
    if (record.cells.length > columns.length) {
      summary.rejected.push({line: record.line, reason: `Unexpected ${record.cells.length} cells, expected at most ${columns.length} (quote cells that contain commas)`})
      continue
    }
    const status = at(record.cells, 'status').trim().toLowerCase()
    if (!['', 'active', 'unsubscribed'].includes(status)) {
      summary.rejected.push({line: record.line, reason: `Unexpected status \`${status}\`, expected \`active\` or \`unsubscribed\``})
      continue
    }
    const checked = checkSubscriber({email: at(record.cells, 'email'), name: at(record.cells, 'name'), tags: splitTags(at(record.cells, 'tags')), frequency: at(record.cells, 'frequency')})
    if ('problem' in checked) {
      summary.rejected.push({line: record.line, reason: checked.problem})
      continue
    }
    const earlier = merged.get(checked.emailKey)
    if (earlier) {
      summary.mergedDuplicates.push({line: record.line, firstLine: earlier.line})
      earlier.subscriber = {
        ...earlier.subscriber,
        name: checked.name || earlier.subscriber.name,
        ...(checked.frequency ? {frequency: checked.frequency} : {}),
        tags: [...new Set([...earlier.subscriber.tags, ...checked.tags])].sort()
      }
      earlier.unsubscribe ||= status === 'unsubscribed'
    } else merged.set(checked.emailKey, {subscriber: checked, line: record.line, unsubscribe: status === 'unsubscribed'})
  }
  await db.transaction(async () => {
    for (const {subscriber, line, unsubscribe} of merged.values()) {
      if (unsubscribe) {
        await removeSubscriber(db, subscriber.email, options)
        summary.unsubscribed++
        continue
      }
      const outcome = await upsertSubscriber(db, subscriber, {now: options.now, consent: 'import', forceConsent: options.forceConsent})
      if (outcome === 'suppressed') summary.suppressedKept.push({line, email: subscriber.email})
      else if (outcome === 'resubscribed') summary.resubscribed.push({line, email: subscriber.email})
      else summary[outcome]++
    }
  })
  return summary
}
