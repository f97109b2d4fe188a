import {readFile} from 'node:fs/promises'
import {resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {importSubscribers, type ImportSummary} from './import-subscribers.js'
import {openStore, storeLocation, type Db} from './open-store.js'
import {csvCell} from './parse-csv.js'
import {addSubscriber, listSubscribers, removeSubscriber} from './subscriber-store.js'
import {splitTags} from './validate-subscriber.js'

/** What `pressroom subscribers …` was asked to do. */
export type SubscribersAction =
  | {action: 'add'; email: string; name?: string; tags?: string; frequency?: string; forceConsent?: string}
  | {action: 'import'; file: string; forceConsent?: string}
  | {action: 'remove'; email: string}
  | {action: 'list'; json?: boolean}
  | {action: 'export'}

/**
 * Run one `pressroom subscribers` subcommand against the configured database; false when an import rejected rows or
 * an add or import met a suppressed address without `--force-consent`.
 */
export async function runSubscribersCommand(command: SubscribersAction, config: Config, out: (line: string) => void, cwd = process.cwd()): Promise<boolean> {
  if ('forceConsent' in command && command.forceConsent !== undefined && command.forceConsent.trim() === '') {
    throw new PressroomError('ARGUMENT_INVALID', 'Unexpected empty `--force-consent`, expected the reason the person may receive mail again', {
      hint: 'Name why, e.g. --force-consent "asked by phone on 2025-09-30 (ticket 4411)"'
    })
  }
  const text = command.action === 'import' ? await readCsv(resolve(cwd, command.file)) : undefined
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    return await run(store.db, command, out, text)
  } finally {
    await store.close()
  }
}

async function readCsv(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new PressroomError('IMPORT_INVALID', `Could not read \`${path}\``, {hint: 'Check the path of the CSV file', cause: error})
  }
}

// Said wherever a suppressed address is refused, so the operator learns the one way to lift it and what it records.
const forceHint = 'only the person can sign up again (through the form); if they asked you in another way, run again with --force-consent "<why>", which is recorded as their consent'

async function run(db: Db, command: SubscribersAction, out: (line: string) => void, text: string | undefined): Promise<boolean> {
  switch (command.action) {
    case 'add': {
      const forceConsent = command.forceConsent?.trim()
      const outcome = await addSubscriber(db, {email: command.email, name: command.name, tags: splitTags(command.tags ?? ''), frequency: command.frequency}, {consent: 'add', forceConsent})
      const said = {
        added: 'added',
        updated: 'already subscribed; name, tags and frequency updated',
        unchanged: 'already subscribed; nothing changed',
        suppressed: `NOT added: this address unsubscribed and stays suppressed; ${forceHint}`,
        resubscribed: `resubscribed; consent recorded: ${forceConsent ?? ''}`
      }[outcome]
      out(`pressroom: ${command.email.trim()}: ${said}`)
      return outcome !== 'suppressed'
    }
    case 'import': {
      const summary = await importSubscribers(db, text ?? '', {forceConsent: command.forceConsent?.trim()})
      importReport(summary, out)
      return summary.rejected.length === 0 && summary.suppressedKept.length === 0
    }
    case 'remove': {
      const outcome = await removeSubscriber(db, command.email)
      const said = {
        unsubscribed: 'unsubscribed; kept on file as suppressed so it never receives again',
        'already-unsubscribed': 'was already unsubscribed',
        'suppressed-new': 'was not on file; recorded as suppressed so it is never added'
      }[outcome]
      out(`pressroom: ${command.email.trim()}: ${said}`)
      return true
    }
    case 'list': {
      const subscribers = await listSubscribers(db)
      if (command.json) out(JSON.stringify(subscribers, null, 2))
      else {
        for (const s of subscribers) out(`${s.email}\t${s.status}\t${frequencyText(s)}\t${s.name}\t${s.tags.join(' ')}`)
        out(`pressroom: ${subscribers.length} on file (${subscribers.filter((s) => s.status === 'active').length} active)`)
      }
      return true
    }
    case 'export':
      // The default cadence only: per-topic overrides have no column that `subscribers import` reads back.
      out('email,name,tags,status,frequency')
      for (const s of await listSubscribers(db)) out([s.email, s.name, s.tags.join(';'), s.status, s.frequency].map(csvCell).join(','))
      return true
  }
}

// `daily`, or `daily (energy: instant)` when topics have their own.
function frequencyText(subscriber: {frequency: string; topicFrequencies: Record<string, string>}): string {
  const topics = Object.entries(subscriber.topicFrequencies).map(([tag, frequency]) => `${tag}: ${frequency}`)
  return topics.length === 0 ? subscriber.frequency : `${subscriber.frequency} (${topics.join(', ')})`
}

/** Lines that account for every row of an import. */
export function importReport(summary: ImportSummary, out: (line: string) => void): void {
  for (const row of summary.rejected) out(`  line ${row.line}: rejected: ${row.reason}`)
  for (const row of summary.mergedDuplicates) out(`  line ${row.line}: merged into line ${row.firstLine} (same address)`)
  for (const row of summary.suppressedKept) out(`  line ${row.line}: ${row.email} NOT imported: this address unsubscribed and stays suppressed`)
  for (const row of summary.resubscribed) out(`  line ${row.line}: ${row.email} resubscribed (--force-consent)`)
  if (summary.suppressedKept.length > 0) out(`pressroom: ${forceHint}`)
  out(
    `pressroom: imported ${summary.rows} rows: added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, ` +
      `merged duplicates ${summary.mergedDuplicates.length}, suppressed kept ${summary.suppressedKept.length}, ` +
      (summary.resubscribed.length ? `resubscribed ${summary.resubscribed.length}, ` : '') +
      `unsubscribed ${summary.unsubscribed}, rejected ${summary.rejected.length}` +
      (summary.blankLines ? `, blank lines ignored ${summary.blankLines}` : '')
  )
}
