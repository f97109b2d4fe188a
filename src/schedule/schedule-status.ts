import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {cronTimes} from '../config/cron-pattern.js'
import {loadReleases} from '../release/load-releases.js'
import {holdReason} from '../release/release.js'
import {recentDigestCounts} from '../store/digest-store.js'
import {openStore, storeLocation, type Db} from '../store/open-store.js'
import {isPostgresUrl} from '../store/postgres-db.js'
import {recentPublications} from '../store/publication-ledger.js'
import {lastFire, recentDeploys, type DigestFire} from '../store/schedule-store.js'
import {deliveryRates} from '../store/suppression-store.js'
import {scheduleKey} from './run-tick.js'
import {countNoun} from '../report/count-noun.js'

/** What `pressroom status` reports: what is due next, and what publishing, deploys and digests did lately. */
export interface ScheduleStatus {
  /** The held-back release that goes public first, and when; null when none waits. */
  nextPublish: {id: string; title: string; at: string} | null
  digestSchedules: Array<{key: string; cron: string; frequency: string | null; nextFire: string | null; lastFire: {dueAt: string; state: string; exitCode: number | null} | null}>
  /** The latest first publications in the ledger, newest first. */
  publishes: Array<{id: string; firstPublishedAt: string; version: number}>
  deploys: Array<{id: number; state: string; exitCode: number | null; durationMs: number | null; finishedAt: string | null; releaseIds: string[]}>
  /** The latest mailings (daily and weekly digests, instant alerts) with their send counts (`pending` counts the in-flight ones too). */
  digests: Array<{id: number; kind: string; createdAt: string; status: string; releases: number; sent: number; failed: number; pending: number; skipped: number; reports: SendReports}>
}

/**
 * What bounce and complaint reports said of one send: recipients with a hard bounce, a soft bounce, a complaint, and
 * the rates of hard bounces and complaints per copy sent (0 to 1; null before anything was sent).
 */
export interface SendReports {
  hardBounces: number
  softBounces: number
  complaints: number
  bounceRate: number | null
  complaintRate: number | null
}

/** How many of each recent thing the status lists. */
const recent = 5

/** Gather the status; a newsroom with no database yet has none made for it, and reports empty lists. */
export async function scheduleStatus(options: {config: Config; releasesDir: string; cwd: string; now: number}): Promise<ScheduleStatus> {
  const {config, now} = options
  const {releases} = await loadReleases({config, releasesDir: options.releasesDir, cwd: options.cwd})
  // A release held by an embargo and a later date goes public at the later of the two.
  const waiting = releases
    .filter((release) => holdReason(release, now) !== undefined && !release.draft)
    .map((release) => ({id: release.id, title: release.title, at: Math.max(release.embargo ?? release.timestamp, release.timestamp)}))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
  const next = waiting[0]
  const database = storeLocation(config.database, options.cwd)
  // A status never creates the SQLite file it reports on; a PostgreSQL database is there or the connection says why.
  const store = isPostgresUrl(database) || existsSync(database) ? await openStore(database) : undefined
  try {
    const fires = new Map<string, DigestFire | undefined>()
    for (const schedule of config.schedule?.digests ?? []) fires.set(scheduleKey(schedule), store && (await lastFire(store.db, scheduleKey(schedule))))
    return {
      nextPublish: next ? {...next, at: new Date(next.at).toISOString()} : null,
      digestSchedules: (config.schedule?.digests ?? []).map((schedule) => {
        const fire = fires.get(scheduleKey(schedule))
        const due = cronTimes(schedule.cron, config.timeZone).next(now)
        return {
          key: scheduleKey(schedule), cron: schedule.cron, frequency: schedule.frequency ?? null,
          nextFire: due === undefined ? null : new Date(due).toISOString(),
          lastFire: fire ? {dueAt: new Date(fire.dueAt).toISOString(), state: fire.state, exitCode: fire.exitCode ?? null} : null
        }
      }),
      publishes: store ? await recentPublications(store.db, recent) : [],
      deploys: store ? (await recentDeploys(store.db, recent)).map((deploy) => ({id: deploy.id, state: deploy.state, exitCode: deploy.exitCode ?? null, durationMs: deploy.durationMs ?? null, finishedAt: deploy.finishedAt ?? null, releaseIds: deploy.releaseIds})) : [],
      digests: store ? withReports(await lastDigests(store.db), await deliveryRates(store.db, recent)) : []
    }
  } finally {
    await store?.close()
  }
}

function withReports(digests: ReadonlyArray<Omit<ScheduleStatus['digests'][number], 'reports'>>, rates: Awaited<ReturnType<typeof deliveryRates>>): ScheduleStatus['digests'] {
  return digests.map((digest) => {
    const rate = rates.find((entry) => entry.digestId === digest.id)
    const [hardBounces, softBounces, complaints] = [rate?.hardBounces ?? 0, rate?.softBounces ?? 0, rate?.complaints ?? 0]
    const per = (count: number) => (digest.sent === 0 ? null : count / digest.sent)
    return {...digest, reports: {hardBounces, softBounces, complaints, bounceRate: per(hardBounces), complaintRate: per(complaints)}}
  })
}

async function lastDigests(db: Db): Promise<Array<Omit<ScheduleStatus['digests'][number], 'reports'>>> {
  return (await recentDigestCounts(db, recent)).map(({counts, ...digest}) => ({
    id: digest.id, kind: digest.kind, createdAt: digest.created_at, status: digest.status, releases: (JSON.parse(digest.release_ids) as string[]).length,
    sent: counts.sent ?? 0, failed: counts.failed ?? 0, pending: (counts.pending ?? 0) + (counts.sending ?? 0), skipped: counts.skipped ?? 0
  }))
}

// Two decimals: the complaint threshold mailbox providers set for bulk senders is 0.3 %.
const percent = (rate: number | null) => (rate === null ? '' : ` (${(rate * 100).toFixed(2)} %)`)

/** The status as a table for people: one section a kind, one line an item. */
export function formatScheduleStatus(status: ScheduleStatus): string[] {
  const lines = [`next publish: ${status.nextPublish ? `${status.nextPublish.at}  ${status.nextPublish.id}  ${status.nextPublish.title}` : 'nothing scheduled'}`]
  const section = (title: string, rows: string[][]) => {
    lines.push(`${title}:${rows.length === 0 ? ' none' : ''}`)
    const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
    for (const row of rows) lines.push('  ' + row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd())
  }
  section('digest schedules', status.digestSchedules.map((entry) => [entry.key, entry.cron, `next ${entry.nextFire ?? 'never'}`, entry.lastFire ? `last fired for ${entry.lastFire.dueAt} (${entry.lastFire.state})` : 'not fired yet']))
  section('last publishes', status.publishes.map((entry) => [entry.firstPublishedAt, entry.id, `version ${entry.version}`]))
  section('last deploys', status.deploys.map((entry) => [entry.finishedAt ?? '', entry.exitCode === null ? 'no command' : `exit code ${entry.exitCode}`, entry.durationMs === null ? '' : `${(entry.durationMs / 1000).toFixed(1)} s`, entry.state]))
  section('recent sends', status.digests.map((entry) => [`${entry.kind === 'alert' ? 'alert' : `${entry.kind} digest`} ${entry.id}`, entry.createdAt, countNoun(entry.releases, 'release'), `sent ${entry.sent}`, `failed ${entry.failed}`, `pending ${entry.pending}`, `skipped ${entry.skipped}`, `bounced ${entry.reports.hardBounces}${percent(entry.reports.bounceRate)}`, `soft ${entry.reports.softBounces}`, `complaints ${entry.reports.complaints}${percent(entry.reports.complaintRate)}`, entry.status]))
  return lines
}
