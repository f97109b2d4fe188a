import {readdir, readFile, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {openStore, storeLocation} from '../store/open-store.js'
import {defaultSoftBouncePolicy, type SoftBouncePolicy} from '../store/suppression-store.js'
import {applyDeliveryReport} from './apply-delivery-report.js'
import {parseDeliveryReport} from './parse-delivery-report.js'
import {isImapUrl, parseImapUrl, readImapMailbox} from './read-imap-mailbox.js'

/** Where `pressroom bounces read` talks: matched reports on stdout, ignored ones (and why) on stderr. */
export interface BouncesIo {
  stdout(line: string): void
  stderr(line: string): void
}

/** The soft-bounce policy of the config (`bounces.softLimit`, `bounces.softWindowDays`), defaults filled in. */
export function softBouncePolicy(config: Config): SoftBouncePolicy {
  const days = config.bounces?.softWindowDays
  return {limit: config.bounces?.softLimit ?? defaultSoftBouncePolicy.limit, windowMs: days === undefined ? defaultSoftBouncePolicy.windowMs : days * 24 * 60 * 60 * 1000}
}

/**
 * The message files named: `.eml` files as they are, a maildir folder's `new/` and `cur/` messages, or any other
 * folder's files. Every name is checked before any report is read, so a typo reads nothing.
 */
export async function messageFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    const full = resolve(cwd, path)
    const info = await stat(full).catch(() => undefined)
    if (!info) throw new PressroomError('BOUNCE_INPUT_UNREADABLE', `Could not read \`${path}\`: no such file or folder`, {hint: 'Name .eml files or a maildir folder of delivery reports; nothing was read'})
    if (info.isFile()) {
      files.push(full)
      continue
    }
    const maildir = (await stat(join(full, 'cur')).catch(() => undefined))?.isDirectory() || (await stat(join(full, 'new')).catch(() => undefined))?.isDirectory()
    const folders = maildir ? [join(full, 'new'), join(full, 'cur')] : [full]
    for (const folder of folders) {
      const entries = await readdir(folder, {withFileTypes: true}).catch(() => [])
      files.push(...entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(folder, entry.name)).sort())
    }
  }
  return files
}

/**
 * `pressroom bounces read <files… | imaps://…>`: match each DSN or ARF report to the send log and suppress as it calls
 * for; `secret` (`PRESSROOM_SECRET`) checks the Message-ID of a complaint that names no recipient, `imapPassword`
 * (`PRESSROOM_IMAP_PASSWORD`) logs in to the IMAP mailboxes named. Resolves to the exit code.
 */
export async function runBouncesRead(options: {paths: readonly string[]; cwd?: string; now?: number; secret?: string | undefined; imapPassword?: string | undefined}, config: Config, io: BouncesIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  const mailboxes = options.paths.filter(isImapUrl).map(parseImapUrl)
  if (mailboxes.length > 0 && !options.imapPassword) {
    throw new PressroomError('BOUNCE_IMAP_PASSWORD_MISSING', `Missing \`PRESSROOM_IMAP_PASSWORD\`: it logs in to ${mailboxes[0]!.name}`, {hint: 'Set PRESSROOM_IMAP_PASSWORD in the environment; nothing was read'})
  }
  const files = await messageFiles(options.paths.filter((path) => !isImapUrl(path)), cwd)
  const policy = softBouncePolicy(config)
  const store = await openStore(storeLocation(config.database, cwd))
  const counts = {suppressed: 0, recorded: 0, duplicate: 0, ignored: 0}
  let read = 0
  const handle = async (source: string, bytes: Buffer) => {
    const outcomes = await applyDeliveryReport(store.db, await parseDeliveryReport(bytes), {source, bytes, policy, now: options.now ?? Date.now(), secret: options.secret})
    read++
    for (const outcome of outcomes) {
      counts[outcome.effect]++
      ;(outcome.effect === 'ignored' ? io.stderr : io.stdout)(`pressroom bounces: ${source}: ${outcome.line}`)
    }
  }
  try {
    for (const file of files) await handle(file, await readFile(file))
    for (const mailbox of mailboxes) await readImapMailbox(mailbox, options.imapPassword!, handle)
  } finally {
    await store.close()
  }
  io.stdout(`pressroom bounces: read ${read} messages: ${counts.suppressed} suppressed, ${counts.recorded} recorded, ${counts.duplicate} already recorded, ${counts.ignored} ignored`)
  return 0
}
