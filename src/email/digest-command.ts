import {hostname} from 'node:os'
import {existsSync} from 'node:fs'
import {dirname, join, resolve, sep} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {parseInstantArgument} from '../release/iso-date.js'
import {loadReleases} from '../release/load-releases.js'
import {publicationFacts} from '../release/publication-facts.js'
import {publishedReleases, type Release} from '../release/release.js'
import {PressroomError} from '../report/pressroom-error.js'
import {hasFatal} from '../report/report.js'
import {senderId} from '../store/claim-sends.js'
import {createDigest, digestStatus, lastSentDigest, latestDigest, requeueFailed, unfinishedDigest} from '../store/digest-store.js'
import {releasesAtFrequency} from '../store/frequency-for.js'
import {openStore, storeLocation, type Db} from '../store/open-store.js'
import {isPostgresUrl} from '../store/postgres-db.js'
import {firstPublished, planPublications, recordPublications} from '../store/publication-ledger.js'
import {acquireSendLock} from '../store/send-lock.js'
import {listSubscribers} from '../store/subscriber-store.js'
import {listIdOf, siteHost, unsubscribeUrl} from './build-digest-message.js'
import {copyMessageId} from './copy-message-id.js'
import {createDigestComposer, digestSubject, refuseControls} from './compose-digest.js'
import {dkimSettings} from './dkim-settings.js'
import {describeMailSettings, mailSettings, sendRate, type MailSettings} from './mail-settings.js'
import {openMailTransport} from './mail-transport.js'
import {defaultFirstWindowMs, pickDigestReleases} from './pick-digest-releases.js'
import {sendDigest} from './send-digest.js'
import {createSendProgress, type ProgressStream} from './send-progress.js'
import {signToken} from './sign-token.js'
import {closeDigest, stillPublished, unpublishedReason, watchDigestReleases} from './recheck-digest-releases.js'
import {writeDryRun} from './write-dry-run.js'
import {releaseRenditions, type RenditionSource} from './release-renditions.js'
import {countNoun} from '../report/count-noun.js'

/** The options of `pressroom digest`. */
export interface DigestCommandOptions {
  releasesDir: string
  /** Whose digest this is: subscribers whose cadence for a release is this frequency get it (default daily). */
  frequency?: 'daily' | 'weekly'
  since?: string
  now?: string
  dryRun?: boolean
  out?: string
  rate?: number
  status?: boolean
  /** Queue the last digest's failed recipients (still subscribed) again and send to them. */
  retryFailed?: boolean
  /** Only join a digest already being sent (a standby scheduler); never pick or create one. */
  joinOnly?: boolean
  /** Pool connections, i.e. messages in flight at once (default 3). */
  connections?: number
  cwd?: string
  /** Where the last build keeps its image renditions, so messages link the email-sized one (else each image as given). */
  images?: RenditionSource
}

/** Where the command talks, plus test seams for the retry delays. */
export interface DigestCommandIo {
  stdout(line: string): void
  stderr: ProgressStream
  /** Draw a progress bar (stderr is a TTY and CI is unset). */
  interactive: boolean
  retryDelays?: readonly number[]
  /** The pauses while the server refuses everyone or is gone (see SendDigestOptions). */
  outageDelays?: readonly number[]
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Stops the send gracefully; by default SIGINT and SIGTERM do. */
  stop?: AbortSignal
}

const secretHint = 'Set PRESSROOM_SECRET in the environment to a random string of at least 16 characters (e.g. `openssl rand -base64 32`); keep it the same across runs'

/** Throw when the environment lacks what a real send needs: a secret to sign unsubscribe links, and a transport (SMTP or SES). */
export function requireSendEnvironment(env: Readonly<Record<string, string | undefined>>, config: Config, what: string): {secret: string; mail: MailSettings} {
  const secret = env.PRESSROOM_SECRET
  if (!secret || secret.length < 16) {
    throw new PressroomError('SECRET_MISSING', secret ? '`PRESSROOM_SECRET` is shorter than 16 characters' : 'Missing `PRESSROOM_SECRET`: it signs the unsubscribe links', {hint: secretHint})
  }
  return {secret, mail: mailSettings(env, config, what)}
}

/** `pressroom digest`: pick the new releases, freeze the recipients, send (or resume) exactly once; `--status` reports. Resolves to the exit code (130 when stopped by Ctrl-C). */
export async function runDigestCommand(options: DigestCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: DigestCommandIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    return await runDigestOn(store.db, options, config, env, io)
  } finally {
    await store.close()
  }
}

/** `pressroom digest` on an open store: what {@link runDigestCommand} does once it has opened the newsroom's. */
export async function runDigestOn(db: Db, options: DigestCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: DigestCommandIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  if (options.status) {
    await printStatus(db, io, options.frequency ? [options.frequency] : ['daily', 'weekly'])
    return 0
  }
  const mail = options.dryRun ? undefined : requireSendEnvironment(env, config, 'the digest').mail
  // PostgreSQL: senders on several hosts share a send by claims (see send-queue.ts); SQLite: one sender at a time.
  const shared = db.dialect === 'postgres'
  const lock = options.dryRun || shared ? undefined : await acquireSendLock(db, {host: hostname(), pid: process.pid}, processIsAlive)
  const renewal = lock && setInterval(() => void lock.renew(), 15_000).unref()
  try {
    if (options.retryFailed && !options.dryRun && !(await requeueLastFailed(db, io, options.frequency ?? 'daily'))) return 0
    return await pickAndSend(db, options, config, env, io, cwd, mail)
  } finally {
    clearInterval(renewal)
    await lock?.release()
  }
}

// True when the last digest has recipients to send to again (or was unfinished anyway).
async function requeueLastFailed(db: Db, io: DigestCommandIo, frequency: 'daily' | 'weekly'): Promise<boolean> {
  const last = await latestDigest(db, [frequency])
  if (!last) {
    io.stdout('pressroom: no digest has been created yet; nothing to retry')
    return false
  }
  const queued = await requeueFailed(db, last.id)
  io.stdout(`pressroom: digest ${last.id}: queued ${queued} failed recipients again (unsubscribed ones stay out)`)
  return queued > 0 || last.status === 'sending'
}

/**
 * Where a dry run writes: `--out`, or a folder of its own beside the database (`data/dry-run/<time>/`). Its messages
 * name subscribers and carry working unsubscribe links, so a folder inside a built out folder, which gets deployed, is
 * refused.
 */
export function dryRunDir(out: string | undefined, config: Config, cwd: string, now = Date.now()): string {
  const dir = out === undefined ? join(isPostgresUrl(config.database) ? cwd : dirname(resolve(cwd, config.database)), 'dry-run', new Date(now).toISOString().replace(/[:.]/g, '-')) : resolve(cwd, out)
  const site = out === undefined ? undefined : builtOutFolder(dir, resolve(cwd, 'out'))
  if (site !== undefined) {
    throw new PressroomError('DRY_RUN_OUT_INVALID', `Refusing to write the dry run into \`${dir}\`: it is inside the out folder \`${site}\`, which is deployed`, {
      hint: 'Leave out --out (the messages then go beside the database, in dry-run/) or name a folder outside the out folder'
    })
  }
  return dir
}

// The out folder a path lies in: the default `out/`, or any folder a build marked as its output.
function builtOutFolder(dir: string, defaultOut: string): string | undefined {
  if (dir === defaultOut || dir.startsWith(defaultOut + sep)) return defaultOut
  // Bounded by the depth of the path: each step goes one folder up, until the root is its own parent.
  for (let folder = dir; ; folder = dirname(folder)) {
    // `.pressroom-out`: the marker every build leaves in its out folder.
    if (existsSync(join(folder, '.pressroom-out'))) return folder
    if (dirname(folder) === folder) return undefined
  }
}

// Five minutes: a sender that dies on another host delays its claimed recipients by this much at most.
const defaultClaimLeaseSeconds = 300

/** This process as one of several senders of a send (a digest or an alert) on a PostgreSQL store. */
export function sendClaims(config: Config) {
  const self = {host: hostname(), pid: process.pid}
  return {sender: senderId(self), self, isAlive: processIsAlive, leaseMs: (config.digest?.claimLeaseSeconds ?? defaultClaimLeaseSeconds) * 1000}
}

/** Whether a process of this host is alive, so the send lock of a killed run can be taken over. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function pickAndSend(db: Db, options: DigestCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: DigestCommandIo, cwd: string, mail: MailSettings | undefined): Promise<number> {
  const secret = env.PRESSROOM_SECRET
  const dkim = dkimSettings(env)
  const list = listIdOf(config)
  // A dry run without a secret still shows the layout; its links say plainly that they do not work.
  const token = (subscriberId: number) => (secret ? signToken({subscriberId, list, action: 'unsubscribe'}, secret) : 'dry-run-token-not-valid')
  const manageToken = (subscriberId: number) => (secret ? signToken({subscriberId, list, action: 'manage'}, secret) : 'dry-run-token-not-valid')
  const {files, releases: loaded} = await loadReleases({config, releasesDir: options.releasesDir, cwd})
  const releases = releaseRenditions(loaded, options.images, cwd)
  if (hasFatal(files)) {
    throw new PressroomError('DIGEST_INVALID', 'Some release files have fatal problems, so no digest is sent', {hint: 'Run `pressroom check` and fix what it reports'})
  }
  const clock = () => (options.now ? parseInstantArgument(options.now, '--now') : Date.now())
  const frequency = options.frequency ?? 'daily'
  // Each frequency has its own run of digests: a weekly window starts at the last weekly digest, not the last daily.
  const releasesFor = (candidates: readonly Release[], subscriber: Parameters<typeof releasesAtFrequency>[1]) => releasesAtFrequency(candidates, subscriber, frequency)
  let open = await unfinishedDigest(db, frequency)
  if (options.joinOnly && !open) return 0
  // An interrupted digest goes out as it was picked, less what is no longer published: a release made a draft or
  // embargoed again since, or whose file is gone, must not reach anyone.
  const publishedAt = () => Math.max(Date.parse(open?.until ?? '') || 0, clock())
  let resumed = open && stillPublished(open.releaseIds, releases, publishedAt())
  if (open && resumed) {
    for (const id of resumed.dropped) io.stdout(`pressroom: digest ${open.id}: left out ${id}: no longer published (a draft, embargoed again, or its file is gone)`)
    if (resumed.kept.length === 0) {
      if (options.dryRun) {
        io.stdout(`pressroom: dry run: digest ${open.id} would be closed: ${unpublishedReason}; nothing written`)
        return 0
      }
      const skipped = await closeDigest(db, open.id, unpublishedReason)
      const left = (await digestStatus(db, open.id))?.counts
      io.stdout(`pressroom: digest ${open.id} closed: ${unpublishedReason}; ${(left?.pending ?? 0) + (left?.sending ?? 0)} pending (${skipped} skipped)`)
      open = undefined
      resumed = undefined
    }
  }
  const now = open ? Date.parse(open.until) : clock()
  const lastSent = await lastSentDigest(db, frequency)
  const since = options.since ? parseInstantArgument(options.since, '--since') : Date.parse(lastSent?.until ?? '') || undefined
  // The very first digest of a newsroom covers a recent window, not the archive.
  const from = since ?? now - (config.digest?.firstWindow ?? defaultFirstWindowMs)
  const picked = resumed ? resumed.kept : pickDigestReleases(releases, await ledgerInstants(db, releases, now, cwd, options.dryRun === true), from, now)
  if (open && (options.since || options.now)) io.stdout(`pressroom: digest ${open.id} was interrupted; resuming it (--since and --now apply to the next digest)`)
  if (picked.length === 0) {
    io.stdout(`pressroom: no new releases ${since === undefined ? 'first published in the first digest\'s window, since' : 'since'} ${new Date(from).toISOString()}; no digest sent`)
    return 0
  }
  // Refused before the digest exists, so a bad title cannot leave a half-created digest behind.
  digestSubject(config, picked)
  for (const release of picked) refuseControls(release.title, `the title of ${release.id}`)
  const compose = createDigestComposer(config, {now})
  if (options.dryRun) {
    const outDir = dryRunDir(options.out, config, cwd)
    const result = await writeDryRun({config, subscribers: await listSubscribers(db), releases: picked, compose, releasesFor, token, manageToken, ...(secret ? {secret} : {}), outDir, dkim})
    io.stdout(`pressroom: dry run: wrote ${result.written.length} messages to ${outDir} (no server contacted), skipped ${result.skipped.length}`)
    return 0
  }
  const oneClick = new URL(unsubscribeUrl(config, 'x'))
  if (oneClick.protocol !== 'https:') {
    io.stderr.write(`pressroom: warning: the unsubscribe link ${oneClick.origin}/unsubscribe is not https, so mailbox providers will not offer one-click unsubscribe (set \`subscribeUrl\` or \`baseUrl\` to https)\n`)
  }
  if (!mail || !secret) throw new Error('A send without mail settings or secret: requireSendEnvironment runs before every real send')
  const sendSecret = secret
  const transport = await openMailTransport(mail, {maxConnections: options.connections ?? 3, dkim})
  const rate = sendRate(mail, config, options.rate)
  try {
    await transport.verify()
    // Looked for again under the store's write lock: a sender on another host may have created it meanwhile, and
    // then this one joins it rather than mailing a second digest; or created and finished it, and then it is sent.
    const created = open ?? await db.transaction(async () => {
      const joined = await unfinishedDigest(db, frequency)
      if (joined) return joined
      const finished = await lastSentDigest(db, frequency)
      if (finished && finished.id !== lastSent?.id) return finished
      return createDigest(db, {
        kind: frequency,
        since: new Date(from).toISOString(),
        until: new Date(now).toISOString(),
        releaseIds: picked.map((release) => release.id),
        messageId: (digestId, subscriberId) => copyMessageId({kind: 'digest', digestId, subscriberId}, siteHost(config), sendSecret),
        skipReason: (subscriber) => (releasesFor(picked, subscriber).length === 0 ? `no release shares a tag at the ${frequency} frequency` : undefined)
      }, () => listSubscribers(db))
    })
    if (created.status === 'done') {
      io.stdout(`pressroom: digest ${created.id} was sent by another sender while this one picked its releases; no digest sent`)
      return 0
    }
    const digest = created
    // Joined another sender's digest picked from other releases (its clock differs): sent as that one was picked.
    if (!open && created.releaseIds.join('\n') !== picked.map((release) => release.id).join('\n')) resumed = stillPublished(created.releaseIds, releases, publishedAt())
    const pending = (await digestStatus(db, digest.id))?.counts
    const total = (pending?.pending ?? 0) + (pending?.sending ?? 0)
    io.stdout(`pressroom: ${open ? 'resuming' : 'sending'} digest ${digest.id} (${countNoun(picked.length, 'release')}) to ${countNoun(total, 'subscriber')} through ${describeMailSettings(mail)}${rate === undefined ? '' : ` at most ${rate} a second`}`)
    const progress = createSendProgress(io.stderr, total, io.interactive)
    const summary = await withStopSignal(io.stop, progress.log, (stop) =>
      sendDigest({
        // Those pulled back since the crash too: a recipient who would have had only them is skipped with that reason.
        db, config, digest, releases: resumed?.found ?? picked, compose, releasesFor, transport, token, manageToken,
        currentReleases: watchDigestReleases({
          releases: picked, config, cwd, at: publishedAt,
          onDrop: (release, why) => progress.log(`pressroom: digest ${digest.id}: left out ${release.id} from here on: ${why}`)
        }),
        concurrency: options.connections ?? 3, rate, retryDelays: io.retryDelays, outageDelays: io.outageDelays, sleep: io.sleep, progress, stop,
        claims: db.dialect === 'postgres' ? sendClaims(config) : undefined
      })
    )
    if (summary.stopped) {
      io.stdout(`pressroom: stopped on request; digest ${summary.digestId}: sent ${summary.sent} so far, the rest wait for \`pressroom digest\``)
      return 130
    }
    io.stdout(`pressroom: digest ${summary.digestId}: sent ${summary.sent}, failed ${summary.failed.length}, skipped ${summary.skipped}${summary.resent.length ? `, re-sent as possible duplicates ${summary.resent.length}` : ''}`)
    for (const failed of summary.failed) io.stdout(`  failed: ${failed.email}: ${failed.reply}`)
    return 0
  } finally {
    transport.close()
  }
}

/**
 * When each release first went public, by the ledger. A release public now that no build recorded (the digest runs
 * where no build ran since it went public) is recorded here first, as published at this digest's `now`, so it is
 * mailed once like any other; a dry run only reckons so, and writes nothing.
 */
export async function ledgerInstants(db: Db, releases: readonly Release[], now: number, cwd: string, dryRun: boolean): Promise<Map<string, number>> {
  const facts = publishedReleases(releases, now).map((release) => publicationFacts(release, undefined, cwd))
  const {first} = dryRun ? await planPublications(db, facts, now) : await recordPublications(db, facts, now)
  // Read after recording: a release another process recorded meanwhile is not in `first`, and is in the ledger.
  const instants = await firstPublished(db)
  for (const entry of first) if (!instants.has(entry.id)) instants.set(entry.id, entry.at)
  return instants
}

// Ctrl-C during a long send should not cost a duplicate: the first one lets the handoffs in flight finish.
/** Run a send with a stop signal: the given one, else one that SIGINT and SIGTERM abort (a second one exits at once). */
export async function withStopSignal<T>(given: AbortSignal | undefined, log: (line: string) => void, run: (stop: AbortSignal) => Promise<T>): Promise<T> {
  if (given) return run(given)
  const controller = new AbortController()
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130)
    log('pressroom: stopping after the messages in flight (press Ctrl-C again to stop at once)')
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    return await run(controller.signal)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

async function printStatus(db: Db, io: DigestCommandIo, kinds: ReadonlyArray<'daily' | 'weekly'>): Promise<void> {
  const status = await digestStatus(db, undefined, kinds)
  if (!status) return io.stdout('pressroom: no digest has been created yet')
  const {digest, counts} = status
  io.stdout(`pressroom: digest ${digest.id} (${countNoun(digest.releaseIds.length, 'release')}, ${digest.since ?? 'the beginning'} to ${digest.until}): ${digest.status === 'done' ? `done at ${digest.finishedAt}` : 'not finished; run `pressroom digest` to resume'}`)
  io.stdout(`  sent ${counts.sent}, failed ${counts.failed}, skipped ${counts.skipped}, pending ${counts.pending}, in flight ${counts.sending}${status.resent ? `, re-sent as possible duplicates ${status.resent}` : ''}`)
  for (const failed of status.failed) io.stdout(`  failed: ${failed.email}: ${failed.reply}`)
}
