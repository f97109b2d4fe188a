import {resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {parseInstantArgument} from '../release/iso-date.js'
import {loadReleases} from '../release/load-releases.js'
import {PressroomError} from '../report/pressroom-error.js'
import {hasFatal} from '../report/report.js'
import {digestStatus, recentAlerts} from '../store/digest-store.js'
import {frequencyFor} from '../store/frequency-for.js'
import {openStore, storeLocation, type Db} from '../store/open-store.js'
import {listSubscribers} from '../store/subscriber-store.js'
import {listIdOf} from './build-digest-message.js'
import {ledgerInstants, processIsAlive, requireSendEnvironment, sendClaims, withStopSignal, type DigestCommandIo} from './digest-command.js'
import {dkimSettings} from './dkim-settings.js'
import {alertsEnabledAt} from '../store/alert-settings.js'
import {describeMailSettings, sendRate} from './mail-settings.js'
import {openMailTransport} from './mail-transport.js'
import {dueAlerts, sendAlerts} from './send-alerts.js'
import {signToken} from './sign-token.js'
import {releaseRenditions, type RenditionSource} from './release-renditions.js'

/** The options of `pressroom alerts`. */
export interface AlertsCommandOptions {
  releasesDir: string
  now?: string
  dryRun?: boolean
  status?: boolean
  /** Queue the failed recipients of the recent alerts (still subscribed) again and send to them. */
  retryFailed?: boolean
  /** Only join alerts already being sent (a standby scheduler); never record the ledger nor create an alert. */
  joinOnly?: boolean
  rate?: number
  connections?: number
  cwd?: string
  /** Where the last build keeps its image renditions, so messages link the email-sized one (else each image as given). */
  images?: RenditionSource
}

/** `pressroom alerts`: send each alert due now once (resuming a killed run first); `--dry-run` lists them; `--status` reports. Resolves to the exit code. */
export async function runAlertsCommand(options: AlertsCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: DigestCommandIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    if (options.status) return await printAlertStatus(store.db, io)
    const send = options.dryRun ? undefined : requireSendEnvironment(env, config, 'an alert')
    const {files, releases: loaded} = await loadReleases({config, releasesDir: options.releasesDir, cwd})
    const releases = releaseRenditions(loaded, options.images, cwd)
    if (hasFatal(files)) {
      throw new PressroomError('DIGEST_INVALID', 'Some release files have fatal problems, so no alert is sent', {hint: 'Run `pressroom check` and fix what it reports'})
    }
    const now = options.now ? parseInstantArgument(options.now, '--now') : Date.now()
    // Releases public now that no build recorded are recorded first, as the digest does, so they are alerted once.
    if (!options.joinOnly) await ledgerInstants(store.db, releases, now, cwd, options.dryRun === true)
    if (!send) {
      const due = await dueAlerts(store.db, releases, now, await alertsEnabledAt(store.db, now, {record: false}))
      const subscribers = await listSubscribers(store.db, {status: 'active'})
      for (const alert of due) {
        const count = subscribers.filter((subscriber) => frequencyFor(subscriber, alert.release.tags) === 'instant').length
        io.stdout(`pressroom: dry run: would send ${alert.correction === undefined ? '' : 'a correction '}alert of ${alert.release.id} (version ${alert.version}) to ${count} instant subscribers`)
      }
      io.stdout(`pressroom: dry run: ${due.length} alerts due; nothing sent or recorded`)
      return 0
    }
    const list = listIdOf(config)
    const dkim = dkimSettings(env)
    const transport = await openMailTransport(send.mail, {maxConnections: options.connections ?? 3, dkim})
    const rate = sendRate(send.mail, config, options.rate)
    try {
      io.stdout(`pressroom: alerts through ${describeMailSettings(send.mail)}${rate === undefined ? '' : ` at most ${rate} a second`}`)
      const result = await withStopSignal(io.stop, (line) => io.stderr.write(line + '\n'), (stop) =>
        sendAlerts({
          db: store.db, config, releases, now, transport,
          secret: send.secret,
          token: (subscriberId) => signToken({subscriberId, list, action: 'unsubscribe'}, send.secret),
          manageToken: (subscriberId) => signToken({subscriberId, list, action: 'manage'}, send.secret),
          concurrency: options.connections ?? 3, rate, retryDelays: io.retryDelays, outageDelays: io.outageDelays, sleep: io.sleep, stop,
          stderr: io.stderr, interactive: io.interactive, log: io.stdout, isAlive: processIsAlive, retryFailed: options.retryFailed === true, joinOnly: options.joinOnly === true,
          // PostgreSQL: alerts runs on several hosts share each alert by claims, as digest runs do; SQLite: one sender.
          claims: store.db.dialect === 'postgres' ? sendClaims(config) : undefined
        })
      )
      for (const alert of result.alerts) {
        io.stdout(`pressroom: ${alert.correction ? 'correction ' : ''}alert ${alert.digestId} (${alert.releaseId}): sent ${alert.sent}, failed ${alert.failed}, skipped ${alert.skipped}${alert.resent ? `, re-sent as possible duplicates ${alert.resent}` : ''}`)
      }
      if (result.stopped) {
        io.stdout('pressroom: stopped on request; the rest wait for `pressroom alerts`')
        return 130
      }
      if (result.alerts.length === 0) io.stdout('pressroom: no alerts due')
      return 0
    } finally {
      transport.close()
    }
  } finally {
    await store.close()
  }
}

async function printAlertStatus(db: Db, io: DigestCommandIo): Promise<number> {
  const alerts = await recentAlerts(db, 20)
  if (alerts.length === 0) io.stdout('pressroom: no alert has been sent yet')
  for (const alert of alerts) {
    const counts = (await digestStatus(db, alert.id))?.counts
    io.stdout(
      `pressroom: ${alert.note === undefined ? '' : 'correction '}alert ${alert.id} (${alert.releaseIds[0]} version ${alert.releaseVersion ?? '?'}, ${alert.createdAt}): ` +
        `${alert.status === 'done' ? 'done' : 'not finished; run `pressroom alerts` to resume'}; sent ${counts?.sent ?? 0}, failed ${counts?.failed ?? 0}, skipped ${counts?.skipped ?? 0}, pending ${(counts?.pending ?? 0) + (counts?.sending ?? 0)}`
    )
  }
  return 0
}
