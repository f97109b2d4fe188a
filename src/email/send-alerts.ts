import {hostname} from 'node:os'
import type {Config} from '../config/config-schema.js'
import {publishedReleases, type Release} from '../release/release.js'
import {alertsEnabledAt} from '../store/alert-settings.js'
import {alertsOf, createDigest, digestStatus, recentAlerts, requeueFailed, unfinishedDigests, type Digest} from '../store/digest-store.js'
import {frequencyFor} from '../store/frequency-for.js'
import type {Db} from '../store/open-store.js'
import {currentPublications} from '../store/publication-ledger.js'
import {acquireSendLock} from '../store/send-lock.js'
import {listSubscribers} from '../store/subscriber-store.js'
import {siteHost} from './build-digest-message.js'
import {copyMessageId} from './copy-message-id.js'
import {createAlertComposer} from './compose-alert.js'
import type {MailTransport} from './mail-transport.js'
import {closeDigest, unpublishedReason} from './recheck-digest-releases.js'
import {sendDigest, type SendDigestOptions} from './send-digest.js'
import {createSendProgress, type ProgressStream} from './send-progress.js'

/**
 * How long before alerts were first run a publication may have gone live and still be alerted: a release published
 * just before an operator turned alerts on reaches its instant subscribers, the archive before it does not.
 */
export const alertLeadInMs = 60 * 60 * 1000

/** One alert due: a release first published (its first alert) or corrected with a note (a correction alert). */
export interface DueAlert {
  release: Release
  /** The ledger version announced. */
  version: number
  /** The correction note, on a correction alert only. */
  correction: string | undefined
}

/** What one alert came to, for the whole alert (not only this run). */
export interface AlertOutcome {
  digestId: number
  releaseId: string
  correction: boolean
  sent: number
  failed: number
  skipped: number
  resent: number
}

/** Everything `sendAlerts` needs; transport, clock and delays are injected as for a digest. */
export interface SendAlertsOptions extends Pick<SendDigestOptions, 'config' | 'transport' | 'token' | 'manageToken' | 'concurrency' | 'rate' | 'retryDelays' | 'outageDelays' | 'sleep' | 'stop' | 'claims'> {
  db: Db
  config: Config
  /** Every release loaded now; only those published at `now` and in the ledger are alerted. */
  releases: readonly Release[]
  now: number
  transport: MailTransport
  /** Where progress and re-send lines go. */
  stderr: ProgressStream
  interactive: boolean
  /** A line for the operator (which alert goes to how many). */
  log(line: string): void
  /** Whether a process id is alive on this host, for taking over the send lock of a killed run. */
  isAlive(pid: number): boolean
  /** The newsroom's secret (`PRESSROOM_SECRET`): it keys each copy's Message-ID. */
  secret: string
  /** Queue the failed recipients (still subscribed) of the recent alerts again first, under the run's lock. */
  retryFailed?: boolean
  /** Only resume the unfinished alerts (a standby scheduler joining another's sends); create none. */
  joinOnly?: boolean
}

/** How many of the newest alerts `retryFailed` looks at: a failure older than that is history, not a retry. */
const retryWindow = 100

/**
 * The alerts due at `now`, by the ledger: a release first published since alerts were enabled (less the lead-in) and
 * never alerted; or a later version, published since then, whose release carries a `correction` note other than the
 * one last announced. A version without a note (a silent fix) is due nothing.
 */
export async function dueAlerts(db: Db, releases: readonly Release[], now: number, enabledAt: number): Promise<DueAlert[]> {
  const cutoff = enabledAt - alertLeadInMs
  const published = new Map(publishedReleases(releases, now).map((release) => [release.id, release]))
  const rows = await currentPublications(db)
  const due: DueAlert[] = []
  for (const row of rows) {
    const release = published.get(row.release_id)
    if (!release) continue
    const alerts = await alertsOf(db, row.release_id)
    const last = alerts.at(-1)
    if (!last) {
      if (Date.parse(row.first_published_at) >= cutoff) {
        due.push({release, version: row.version, correction: undefined})
        continue
      }
    }
    const note = release.correction
    if (row.version > 1 && note !== undefined && Date.parse(row.published_at) >= cutoff && note !== last?.note && !alerts.some((alert) => alert.releaseVersion === row.version)) {
      due.push({release, version: row.version, correction: note})
    }
  }
  return due
}

/**
 * Send every alert due at `now` to the instant subscribers of its release's topics, each exactly once: an alert is a
 * mailing of one release in the digests' send log, so the frozen recipients, send states, deterministic Message-IDs,
 * refusal backoff and resume after a crash are the digest's own. Unfinished alerts from a killed run go first. Alone
 * (SQLite), the run takes the send lock; with `claims` (PostgreSQL) it shares each alert with the alerts runs of other
 * hosts, as digests are shared. Resolves to what each alert of this run came to, and whether a stop cut it short.
 */
export async function sendAlerts(options: SendAlertsOptions): Promise<{alerts: AlertOutcome[]; stopped: boolean}> {
  const {db, config, now} = options
  const lock = options.claims ? undefined : await acquireSendLock(db, {host: hostname(), pid: process.pid}, options.isAlive)
  const renewal = lock && setInterval(() => void lock.renew(), 15_000).unref()
  try {
    if (options.retryFailed) {
      for (const alert of await recentAlerts(db, retryWindow)) {
        const queued = await requeueFailed(db, alert.id)
        if (queued > 0) options.log(`pressroom: alert ${alert.id}: queued ${queued} failed recipients again (unsubscribed ones stay out)`)
      }
    }
    const published = new Map(publishedReleases(options.releases, now).map((release) => [release.id, release]))
    // What is due is read before the unfinished alerts: an alert another host creates between the two reads is then
    // either unfinished by the second or found under the write lock below, never missed by both.
    const due = options.joinOnly ? [] : await dueAlerts(db, options.releases, now, await alertsEnabledAt(db, now, {record: true}))
    const outcomes: AlertOutcome[] = []
    const joined = new Set<number>()
    for (const open of await unfinishedDigests(db, 'alert')) {
      joined.add(open.id)
      const release = published.get(open.releaseIds[0] ?? '')
      if (!release) {
        await closeDigest(db, open.id, unpublishedReason)
        options.log(`pressroom: alert ${open.id} closed: ${unpublishedReason}`)
        continue
      }
      const outcome = await sendOne(options, open, release)
      outcomes.push(outcome)
      if (options.stop?.aborted) return {alerts: outcomes, stopped: true}
    }
    for (const alert of due) {
      const instant = (subscriber: Parameters<typeof frequencyFor>[0]) => frequencyFor(subscriber, alert.release.tags) === 'instant'
      // Looked for again under the store's write lock: an alerts run on another host may have created this alert since
      // it was found due, and then this run joins it rather than mailing a second alert.
      const digest = await db.transaction(async () => (await alertsOf(db, alert.release.id)).find((existing) => existing.releaseVersion === alert.version) ?? createDigest(db, {
        kind: 'alert',
        releaseVersion: alert.version,
        ...(alert.correction === undefined ? {} : {note: alert.correction}),
        since: undefined,
        until: new Date(now).toISOString(),
        releaseIds: [alert.release.id],
        messageId: (digestId, subscriberId) => copyMessageId({kind: 'alert', digestId, subscriberId}, siteHost(config), options.secret),
        skipReason: () => undefined,
        now
      }, async () => (await listSubscribers(db)).filter(instant)))
      // Sent above as an unfinished alert, or finished by another host since it was found due.
      if (joined.has(digest.id) || digest.status !== 'sending') continue
      outcomes.push(await sendOne(options, digest, alert.release))
      if (options.stop?.aborted) return {alerts: outcomes, stopped: true}
    }
    return {alerts: outcomes, stopped: false}
  } finally {
    clearInterval(renewal)
    await lock?.release()
  }
}

async function sendOne(options: SendAlertsOptions, alert: Digest, release: Release): Promise<AlertOutcome> {
  const {db} = options
  const correction = alert.note !== undefined
  const counts = (await digestStatus(db, alert.id))?.counts
  const total = (counts?.pending ?? 0) + (counts?.sending ?? 0)
  options.log(`pressroom: ${alert.status === 'sending' && (counts?.sent ?? 0) + (counts?.failed ?? 0) > 0 ? 'resuming' : 'sending'} ${correction ? 'correction ' : ''}alert ${alert.id} (${release.id}) to ${total} instant subscribers`)
  const summary = await sendDigest({
    ...options,
    digest: alert,
    releases: [release],
    compose: createAlertComposer(options.config, correction ? {correction: alert.note} : {}),
    // A subscriber who left instant for this topic since the alert was created gets no alert.
    releasesFor: (releases, send) => releases.filter((candidate) => frequencyFor(send, candidate.tags) === 'instant'),
    progress: createSendProgress(options.stderr, total, options.interactive)
  })
  return {digestId: alert.id, releaseId: release.id, correction, sent: summary.sent, failed: summary.failed.length, skipped: summary.skipped, resent: summary.resent.length}
}
