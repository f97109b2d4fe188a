import type {Config} from '../config/config-schema.js'
import {cronTimes} from '../config/cron-pattern.js'
import {build} from '../build/build.js'
import {inspectBuild} from '../build/inspect-build.js'
import {formatMessages} from '../cli-support.js'
import type {HoldReason} from '../release/release.js'
import type {Db} from '../store/open-store.js'
import {publishedVersions} from '../store/publication-ledger.js'
import {anchorSchedule, anyDeploy, claimFire, finishFire, lastFire, markNotified, owedDeploy, recordDeploy, requestDeploy} from '../store/schedule-store.js'
import type {Clock} from './clock.js'
import type {NotifyStep} from './notify-steps.js'
import {runDeploy} from './run-deploy.js'

/** One digest schedule of the config. */
export type DigestSchedule = NonNullable<Config['schedule']>['digests'][number]

/** What the scheduler works with: the newsroom, its clock, and the work it hands off (digests, notify steps). */
export interface SchedulerOptions {
  config: Config
  configFile?: string
  releasesDir: string
  outDir: string
  publicDir?: string
  cwd: string
  clock: Clock
  /** One line per action, for stdout. */
  log(line: string): void
  /** Problems found in release files (a failed build), as editors read them, for stderr. */
  warn(text: string): void
  /** Send the digest of a schedule that is due; resolves to its exit code (0: done). */
  fireDigest(schedule: DigestSchedule, signal: AbortSignal): Promise<number>
  /** Run in order after each successful deploy. */
  notify: readonly NotifyStep[]
  /** Aborted on SIGTERM/SIGINT: the step under way is finished (a build, a digest's messages in flight) or abandoned (a deploy). */
  signal: AbortSignal
}

/** What one tick did, and when the next work is due. */
export interface TickResult {
  /** False when the build, the deploy, a notify step or a digest failed (each is tried again at the next tick). */
  ok: boolean
  /** The next instant at which a release goes public or a digest schedule is due, ms since the epoch. */
  nextDue: number | undefined
}

/** The key a digest schedule's fires are recorded under: its name, else its pattern. */
export const scheduleKey = (schedule: DigestSchedule) => schedule.name ?? schedule.cron

const iso = (ms: number) => new Date(ms).toISOString()

/** Do the work that is due once: build and deploy what went public, notify after a good deploy, fire due digests. */
export async function runTick(db: Db, options: SchedulerOptions): Promise<TickResult> {
  const published = await publish(db, options)
  const deployed = options.signal.aborted ? true : await deployAndNotify(db, options)
  const digests = options.signal.aborted ? true : await fireDueDigests(db, options)
  const now = options.clock.now()
  const dues = [...published.holds, ...(options.config.schedule?.digests ?? []).map((schedule) => cronTimes(schedule.cron, options.config.timeZone).next(now))]
  const future = dues.filter((instant): instant is number => instant !== undefined && instant > now)
  return {ok: published.ok && deployed && digests, nextDue: future.length === 0 ? undefined : Math.min(...future)}
}

/** Build at the clock's now unless the last build still stands; a build that ran owes a deploy. */
async function publish(db: Db, options: SchedulerOptions): Promise<{ok: boolean; holds: Array<number | undefined>}> {
  const now = options.clock.now()
  const inputs = {config: options.config, releasesDir: options.releasesDir, outDir: options.outDir, cwd: options.cwd, ...(options.publicDir === undefined ? {} : {publicDir: options.publicDir})}
  const {upToDate, snapshot} = inspectBuild({...inputs, now})
  const holds = (held: ReadonlyArray<{reason: HoldReason}>) => held.map(({reason}) => (reason.kind === 'draft' ? undefined : reason.until))
  if (upToDate) {
    // A newsroom built before it was scheduled: what it already holds was never deployed by us.
    if (!await anyDeploy(db)) await requestDeploy(db, [], now)
    return {ok: true, holds: holds(upToDate.held)}
  }
  const before = await publishedVersions(db)
  const result = await build({
    ...inputs,
    now,
    cache: 'reuse',
    ledger: true,
    ...(options.configFile === undefined ? {} : {configFile: options.configFile}),
    ...(snapshot === undefined ? {} : {snapshot})
  })
  const messages = formatMessages(result.files, false)
  if (messages) options.warn(messages)
  if (!result.ok) {
    options.log(`pressroom: build at ${iso(now)} failed; ${options.outDir}/ was left as it was (tried again at the next wake)`)
    return {ok: false, holds: holds(result.held)}
  }
  const after = await publishedVersions(db)
  const changed = [...after].filter(([id, version]) => before.get(id) !== version).map(([id]) => id).sort()
  options.log(`pressroom: built at ${iso(now)}: ${result.published.length} published, ${result.held.length} held back${changed.length ? `; new or changed: ${changed.join(', ')}` : ''}`)
  await requestDeploy(db, changed, now)
  return {ok: true, holds: holds(result.held)}
}

/**
 * Run the deploy command for the deploy owed, then the notify steps, failing closed: a failed deploy notifies nobody
 * and stays owed, so the next tick deploys (and only then notifies) again.
 */
async function deployAndNotify(db: Db, options: SchedulerOptions): Promise<boolean> {
  let owed = await owedDeploy(db)
  if (!owed) return true
  if (owed.state !== 'deployed') {
    const deploy = options.config.deploy
    const outcome = deploy
      ? await runDeploy(deploy.command, {cwd: options.cwd, timeoutMs: (deploy.timeoutSeconds ?? 600) * 1000, signal: options.signal, now: () => options.clock.now()})
      : {ok: true, exitCode: undefined, durationMs: 0, outputTail: '', failure: undefined}
    await recordDeploy(db, owed.id, outcome, options.clock.now())
    if (!outcome.ok) {
      const last = outcome.outputTail.split('\n').at(-1)
      options.log(`pressroom: deploy failed (${outcome.failure}) after ${(outcome.durationMs / 1000).toFixed(1)} s${last ? `: ${last}` : ''}; nobody notified, tried again at the next wake`)
      return false
    }
    if (deploy) options.log(`pressroom: deployed in ${(outcome.durationMs / 1000).toFixed(1)} s (exit code 0)`)
    owed = {...owed, state: 'deployed'}
  }
  for (const step of options.notify) {
    try {
      await step.run({releaseIds: owed.releaseIds}, options.signal)
      options.log(`pressroom: notified: ${step.name}`)
    } catch (error) {
      options.log(`pressroom: notify step ${step.name} failed: ${(error as Error).message}; tried again at the next wake`)
      return false
    }
  }
  await markNotified(db, owed.id)
  return true
}

/**
 * Fire each digest schedule whose latest due time has come and not fired yet: once, however many due times passed
 * while nothing ran, and never for the due times before the schedule was first seen.
 */
async function fireDueDigests(db: Db, options: SchedulerOptions): Promise<boolean> {
  let ok = true
  for (const schedule of options.config.schedule?.digests ?? []) {
    if (options.signal.aborted) break
    const key = scheduleKey(schedule)
    const now = options.clock.now()
    const anchor = await anchorSchedule(db, key, now)
    const due = cronTimes(schedule.cron, options.config.timeZone).latest(now)
    if (due === undefined || due <= anchor) continue
    const last = await lastFire(db, key)
    if (last && (last.dueAt > due || (last.dueAt === due && last.state === 'done'))) continue
    if (!await claimFire(db, key, due, now)) continue
    options.log(`pressroom: digest schedule ${key}: firing for ${iso(due)}`)
    const exitCode = await options.fireDigest(schedule, options.signal)
    await finishFire(db, key, due, exitCode)
    options.log(`pressroom: digest schedule ${key}: ${exitCode === 0 ? 'done' : `failed (exit code ${exitCode}); tried again at the next wake`}`)
    if (exitCode !== 0) ok = false
  }
  return ok
}
