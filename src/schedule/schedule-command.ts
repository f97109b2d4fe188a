import {hostname} from 'node:os'
import {resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {cacheDirOf, imageStoreDir} from '../build/cache-dir-of.js'
import {runAlertsCommand} from '../email/alerts-command.js'
import {runDigestCommand} from '../email/digest-command.js'
import type {RenditionSource} from '../email/release-renditions.js'
import {formatError} from '../report/pressroom-error.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {unfinishedDigests} from '../store/digest-store.js'
import {openStore, storeLocation, type Db} from '../store/open-store.js'
import {acquireRunLock} from '../store/run-lock.js'
import {systemClock, type Clock} from './clock.js'
import {notifySteps} from './notify-steps.js'
import {runScheduler} from './run-scheduler.js'
import {runTick, type SchedulerOptions} from './run-tick.js'
import {standBy} from './stand-by.js'

/** The folders and files of `pressroom run` and `pressroom tick`. */
export interface ScheduleCommandOptions {
  releasesDir: string
  outDir: string
  publicDir: string
  configFile?: string
  cwd?: string
  /** The longest sleep of `run` (tests shorten it). */
  maxSleepMs?: number
}

/** Where the commands talk; the clock is the system's unless a test gives one. */
export interface ScheduleCommandIo {
  stdout(line: string): void
  stderr(text: string): void
  clock?: Clock
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * `pressroom tick` (the due work once) and `pressroom run` (for ever, until SIGTERM or SIGINT): the composition root of
 * scheduled publishing. One scheduler per database; resolves to the exit code (0 after a clean stop).
 */
export async function runScheduleCommand(mode: 'run' | 'tick', options: ScheduleCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: ScheduleCommandIo): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  const store = await openStore(storeLocation(config.database, cwd))
  const stop = new AbortController()
  const onSignal = () => {
    if (!stop.signal.aborted) io.stdout('pressroom: stopping after the step under way')
    stop.abort()
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  try {
    const owner = {host: hostname(), pid: process.pid}
    // The builds of this run make the image renditions that digests and alerts link.
    const images = {publicDir: options.publicDir, imagesDir: imageStoreDir(cacheDirOf(options.outDir, cwd))}
    // PostgreSQL: a second `run` (another host) stands by, joining the sends, until the scheduler's lease ends.
    const lock = mode === 'run' && store.db.dialect === 'postgres'
      ? await standBy(store.db, {owner, isAlive, log: io.stdout, signal: stop.signal, sleep: (io.clock ?? systemClock).sleep, joinSends: (signal) => joinSends(store.db, options, config, env, io, cwd, images, signal)})
      : await acquireRunLock(store.db, owner, isAlive)
    if (!lock) {
      io.stdout('pressroom: stopped')
      return 0
    }
    try {
      const scheduler: SchedulerOptions = {
        config,
        releasesDir: options.releasesDir,
        outDir: options.outDir,
        publicDir: options.publicDir,
        cwd,
        ...(options.configFile === undefined ? {} : {configFile: options.configFile}),
        clock: io.clock ?? systemClock,
        log: io.stdout,
        warn: io.stderr,
        fireDigest: (schedule, signal) =>
          runDigestCommand({releasesDir: options.releasesDir, cwd, images, ...(schedule.frequency === undefined ? {} : {frequency: schedule.frequency})}, config, env, {stdout: io.stdout, stderr: {write: io.stderr}, interactive: false, stop: signal}).catch((error: unknown) => {
            io.stderr(formatError(error, false))
            return 1
          }),
        notify: notifySteps({config, env, cwd, releasesDir: options.releasesDir, images, log: io.stdout}),
        signal: stop.signal
      }
      if (mode === 'tick') return (await runTick(store.db, scheduler)).ok ? 0 : 1
      io.stdout(`pressroom: running (process ${process.pid}); SIGTERM or Ctrl-C stops it`)
      await runScheduler(store.db, {
        ...scheduler,
        watch: [resolve(cwd, options.releasesDir), templatesDir],
        onWake: lock.renew,
        ...(options.maxSleepMs === undefined ? {} : {maxSleepMs: options.maxSleepMs})
      })
      io.stdout('pressroom: stopped')
      return 0
    } finally {
      await lock.release()
    }
  } finally {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
    await store.close()
  }
}

// A standby's share of the scheduler's work: the digests and alerts under way, joined by claims; none is started here.
async function joinSends(db: Db, options: ScheduleCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: ScheduleCommandIo, cwd: string, images: RenditionSource, signal: AbortSignal): Promise<void> {
  if (!env.PRESSROOM_SECRET) return
  const sendIo = {stdout: io.stdout, stderr: {write: io.stderr}, interactive: false, stop: signal}
  try {
    for (const frequency of ['daily', 'weekly'] as const) {
      if ((await unfinishedDigests(db, frequency)).length > 0 && !signal.aborted) await runDigestCommand({releasesDir: options.releasesDir, cwd, images, frequency, joinOnly: true}, config, env, sendIo)
    }
    if ((await unfinishedDigests(db, 'alert')).length > 0 && !signal.aborted) await runAlertsCommand({releasesDir: options.releasesDir, cwd, images, joinOnly: true}, config, env, sendIo)
  } catch (error) {
    io.stderr(formatError(error, false))
  }
}
