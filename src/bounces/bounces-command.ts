import {readdir, readFile, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {openStore, storeLocation} from '../store/open-store.js'
import {defaultSoftBouncePolicy, type SoftBouncePolicy} from '../store/suppression-store.js'
import {applyDeliveryReport} from './apply-delivery-report.js'
import {parseDeliveryReport} from './parse-delivery-report.js'

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
 * `pressroom bounces read <files…>`: match each DSN or ARF report to the send log and suppress as it calls for; `secret`
 * (`PRESSROOM_SECRET`) checks the Message-ID of a complaint that names no recipient. Resolves to the exit code.
 */
export async function runBouncesRead(options: {paths: readonly string[]; cwd?: string; now?: number; secret?: string | undefined}, config: Config, io: BouncesIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  const files = await messageFiles(options.paths, cwd)
  const policy = softBouncePolicy(config)
  const store = await openStore(storeLocation(config.database, cwd))
  const counts = {suppressed: 0, recorded: 0, duplicate: 0, ignored: 0}
  try {
    for (const file of files) {
      const bytes = await readFile(file)
      const outcomes = await applyDeliveryReport(store.db, await parseDeliveryReport(bytes), {source: file, bytes, policy, now: options.now ?? Date.now(), secret: options.secret})
      for (const outcome of outcomes) {
        counts[outcome.effect]++
        ;(outcome.effect === 'ignored' ? io.stderr : io.stdout)(`pressroom bounces: ${file}: ${outcome.line}`)
      }
    }
  } finally {
    await store.close()
  }
  io.stdout(`pressroom bounces: read ${files.length} messages: ${counts.suppressed} suppressed, ${counts.recorded} recorded, ${counts.duplicate} already recorded, ${counts.ignored} ignored`)
  return 0
}
