import {existsSync} from 'node:fs'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {Config} from '../../src/config/config-schema.js'
import type {Clock} from '../../src/schedule/clock.js'
import type {Publication} from '../../src/schedule/notify-steps.js'
import {runScheduler} from '../../src/schedule/run-scheduler.js'
import {runTick, type SchedulerOptions} from '../../src/schedule/run-tick.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'

/** A clock the test sets; its sleep moves it on instead of waiting, a little short, as an early timer does. */
function testClock(start: string, early = 0): Clock & {set(iso: string): void; slept: number[]} {
  let now = Date.parse(start)
  const slept: number[] = []
  return {
    now: () => now,
    set: (iso) => void (now = Date.parse(iso)),
    slept,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms > early ? ms - early : ms
    }
  }
}

function schedulerOptions(newsroom: {dir: string; releasesDir: string}, config: Config, clock: Clock, more: Partial<SchedulerOptions> = {}): SchedulerOptions & {lines: string[]} {
  const lines: string[] = []
  return {
    config, releasesDir: newsroom.releasesDir, outDir: join(newsroom.dir, 'out'), cwd: newsroom.dir, clock,
    log: (line) => void lines.push(line), warn: (text) => void lines.push(text),
    fireDigest: async () => 0, notify: [], signal: new AbortController().signal, lines, ...more
  }
}

describe('a scheduler tick', () => {
  it('should fire a digest schedule once per due time across a restart, once after downtime, and never for due times before it was first seen', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2026-12-01', slug: 'ferry-charging'}], {timeZone: 'Europe/Amsterdam', schedule: {digests: [{name: 'weekday', cron: '0 8 * * 1-5'}]}})
    const clock = testClock('2026-12-04T12:00:00Z')
    const fired: string[] = []
    const options = schedulerOptions(newsroom, newsroom.config, clock, {fireDigest: async (schedule) => (fired.push(`${schedule.name}@${new Date(clock.now()).toISOString()}`), 0)})
    let store: Store = await openStore(newsroom.config.database)
    const tickAt = async (iso: string) => {
      clock.set(iso)
      return runTick(store.db, options)
    }
    try {
      // First seen on a Friday afternoon: that morning's 08:00 is before it, so nothing fires.
      expect((await tickAt('2026-12-04T12:00:00Z')).nextDue).toBe(Date.parse('2026-12-07T07:00:00Z'))
      await tickAt('2026-12-07T06:59:59.999Z')
      expect(fired).toEqual([])
      await tickAt('2026-12-07T07:00:00Z')
      expect(fired).toEqual(['weekday@2026-12-07T07:00:00.000Z'])
      await store.close()
      store = await openStore(newsroom.config.database)
      await tickAt('2026-12-07T07:00:30Z')
      // Down from Monday to Thursday afternoon: Tuesday's, Wednesday's and Thursday's due times fire as one.
      await tickAt('2026-12-10T15:00:00Z')
      await tickAt('2026-12-10T15:05:00Z')
      expect(fired).toEqual(['weekday@2026-12-07T07:00:00.000Z', 'weekday@2026-12-10T15:00:00.000Z'])
      const rows = (await store.db.all('SELECT due_at, state FROM digest_fires ORDER BY due_at'))
      expect(rows).toEqual([{due_at: '2026-12-07T07:00:00.000Z', state: 'done'}, {due_at: '2026-12-10T07:00:00.000Z', state: 'done'}])
    } finally {
      await store.close()
    }
  })

  it('should fire a due time again at the next tick when its digest failed, and only until it succeeded', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2026-12-01', slug: 'ferry-charging'}], {timeZone: 'UTC', schedule: {digests: [{cron: '0 8 * * *'}]}})
    const clock = testClock('2026-12-04T12:00:00Z')
    const exitCodes = [1, 0]
    const fired: number[] = []
    const options = schedulerOptions(newsroom, newsroom.config, clock, {fireDigest: async () => (fired.push(clock.now()), exitCodes.shift() ?? 0)})
    const store = await openStore(newsroom.config.database)
    try {
      await runTick(store.db, options)
      for (const at of ['2026-12-05T08:00:00Z', '2026-12-05T08:01:00Z', '2026-12-05T08:02:00Z']) {
        clock.set(at)
        expect((await runTick(store.db, options)).ok).toBe(at !== '2026-12-05T08:00:00Z')
      }
      expect(fired.map((at) => new Date(at).toISOString())).toEqual(['2026-12-05T08:00:00.000Z', '2026-12-05T08:01:00.000Z'])
    } finally {
      await store.close()
    }
  })

  it('should deploy once for two ticks in a row, notify nobody when the deploy fails, and deploy then notify at the next tick', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2026-12-01', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    await writeFile(join(newsroom.dir, 'deploy.mjs'), "import {appendFileSync, existsSync} from 'node:fs'\nif (existsSync('fail')) { console.error('bucket unreachable'); process.exit(3) }\nappendFileSync('deploys.log', 'deployed\\n')\n")
    await writeFile(join(newsroom.dir, 'fail'), '')
    const config = {...newsroom.config, deploy: {command: `${JSON.stringify(process.execPath)} deploy.mjs`}}
    const notified: Publication[] = []
    const clock = testClock('2026-12-04T12:00:00Z')
    const options = schedulerOptions(newsroom, config, clock, {notify: [{name: 'record', run: async (publication) => void notified.push(publication)}]})
    const store = await openStore(config.database)
    try {
      expect((await runTick(store.db, options)).ok).toBe(false)
      expect(existsSync(join(newsroom.dir, 'out', 'releases', '2026-12-01-ferry-charging', 'index.html'))).toBe(true)
      expect(notified).toEqual([])
      expect(options.lines.join('\n')).toContain('deploy failed (exit code 3)')
      expect((await store.db.all('SELECT state, exit_code, output_tail FROM deploys'))).toEqual([{state: 'failed', exit_code: 3, output_tail: 'bucket unreachable'}])

      await rm(join(newsroom.dir, 'fail'))
      clock.set('2026-12-04T12:01:00Z')
      expect((await runTick(store.db, options)).ok).toBe(true)
      clock.set('2026-12-04T12:02:00Z')
      expect((await runTick(store.db, options)).ok).toBe(true)
      expect(await readFile(join(newsroom.dir, 'deploys.log'), 'utf8')).toBe('deployed\n')
      expect(notified).toEqual([{releaseIds: ['2026-12-01-ferry-charging']}])
      expect((await store.db.all('SELECT state, exit_code, attempts FROM deploys'))).toEqual([{state: 'notified', exit_code: 0, attempts: 2}])
    } finally {
      await store.close()
    }
  })
})

describe('the long-running scheduler', () => {
  it('should wake for an embargo instant, never build before it though its timer fires early, and publish at it', async () => {
    const embargo = '2026-12-04T12:00:03.000Z'
    const newsroom = await makeDigestNewsroom([
      {date: '2026-12-01', slug: 'ferry-charging'},
      {date: '2026-12-02', slug: 'embargoed', embargo}
    ], {timeZone: 'UTC'})
    // Each sleep ends 4 ms early, as a real timer may.
    const clock = testClock('2026-12-04T12:00:00Z', 4)
    const stop = new AbortController()
    const options = schedulerOptions(newsroom, newsroom.config, clock, {signal: stop.signal})
    const page = join(newsroom.dir, 'out', 'releases', '2026-12-02-embargoed', 'index.html')
    const seen: Array<{at: number; present: boolean}> = []
    const store = await openStore(newsroom.config.database)
    try {
      await runScheduler(store.db, {
        ...options,
        log: (line) => {
          options.lines.push(line)
          seen.push({at: clock.now(), present: existsSync(page)})
          if (line.includes('2026-12-02-embargoed') || clock.slept.length > 50) stop.abort()
        }
      })
    } finally {
      await store.close()
    }
    const builds = options.lines.filter((line) => line.startsWith('pressroom: built at'))
    expect(builds).toEqual([
      'pressroom: built at 2026-12-04T12:00:00.000Z: 1 published, 1 held back; new or changed: 2026-12-01-ferry-charging',
      `pressroom: built at ${embargo}: 2 published, 0 held back; new or changed: 2026-12-02-embargoed`
    ])
    expect(options.lines).toContain(`pressroom: next wake at ${embargo} (checking at least every 60 s)`)
    expect(seen.filter((entry) => entry.present).every((entry) => entry.at >= Date.parse(embargo))).toBe(true)
    expect(existsSync(page)).toBe(true)
    // One sleep for the three seconds, one for what the early timer left.
    expect(clock.slept).toEqual([3000, 4])
  })
})
