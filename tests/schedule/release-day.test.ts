import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, recentAlerts} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {publicationVersions} from '../../src/store/publication-ledger.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {testSecret} from '../email/digest-run.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startRun} from '../support/start-run.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {startTestHub, type TestHub} from '../websub/test-hub.js'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** A small seeded generator (mulberry32), so a failing crash trial can be run again at the same moments. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A newsroom on release day: one archive release, a deploy command (a node script appending the releases in out/ to
 * deploys.log), a WebSub hub, and subscribers: `instant` count instant ones and one daily one.
 */
async function releaseDayNewsroom(hub: TestHub, instant: number) {
  const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
  await writeFile(join(newsroom.dir, 'deploy.mjs'), "import {appendFileSync, readdirSync} from 'node:fs'\nappendFileSync('deploys.log', readdirSync('out/releases').sort().join(',') + '\\n')\n")
  const config = JSON.parse(await readFile(newsroom.configPath, 'utf8')) as Record<string, unknown>
  await writeFile(newsroom.configPath, JSON.stringify({...config, deploy: {command: `${JSON.stringify(process.execPath)} deploy.mjs`}, websub: {hubs: [hub.url]}}))
  const store = await openStore(newsroom.config.database)
  const instants = Array.from({length: instant}, (_, index) => `instant${String(index).padStart(2, '0')}@example.org`)
  for (const email of instants) await addSubscriber(store.db, {email, frequency: 'instant'})
  await addSubscriber(store.db, {email: 'daily@example.org'})
  await store.close()
  const deploys = async () => (existsSync(join(newsroom.dir, 'deploys.log')) ? (await readFile(join(newsroom.dir, 'deploys.log'), 'utf8')).trimEnd().split('\n') : [])
  const page = join(newsroom.dir, 'out', 'releases', '2025-09-16-embargoed', 'index.html')
  return {...newsroom, instants, deploys, page}
}

/** The embargoed release of the day, as an editor writes it: no date, an embargo instant. */
const embargoedRelease = (embargo: number) =>
  `---\ntitle: Embargoed quay news\ndateline: ROTTERDAM, Netherlands\nsource: Port Energy Alliance\ntags: [energy]\nembargo: ${new Date(embargo).toISOString()}\n---\n\nThe quay reopens, said the alliance.\n`

/** Each accepted copy of the embargoed release's alert, by recipient: its Message-ID and whether it is marked a possible duplicate. */
async function alertCopies(smtp: SmtpTestServer): Promise<Map<string, Array<{messageId: string; possibleDuplicate: boolean}>>> {
  const copies = new Map<string, Array<{messageId: string; possibleDuplicate: boolean}>>()
  for (const message of smtp.accepted) {
    const mail = await simpleParser(message.raw)
    if (mail.subject !== 'Embargoed quay news') continue
    copies.set(message.to, [...(copies.get(message.to) ?? []), {messageId: mail.messageId ?? '', possibleDuplicate: mail.headers.get('x-possible-duplicate') === 'yes'}])
  }
  return copies
}

/** The topics the hub was told of, in order. */
const pingedTopics = (hub: TestHub, from = 0) => hub.requests.slice(from).map((request) => request.form.get('hub.url'))

let cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

describe('release day', () => {
  it('should publish an embargoed release at its instant and not before, deploy it once, ping the hub once per feed, alert each instant subscriber once and the daily one never, and send one correction alert for a correction note', async () => {
    const hub = await startTestHub()
    const smtp = await startSmtpTestServer()
    cleanups.push(() => hub.close(), () => smtp.close())
    const newsroom = await releaseDayNewsroom(hub, 2)
    const run = startRun(newsroom.dir, {SMTP_URL: smtp.url, PRESSROOM_SECRET: testSecret})
    cleanups.push(() => run.stop())
    await run.waitFor(/next wake/)
    // The archive went out with the first deploy; alerts were turned on then, so nobody is alerted of the archive.
    expect(await newsroom.deploys()).toEqual(['2025-09-15-ferry-charging'])
    expect(smtp.accepted).toHaveLength(0)

    const embargo = Date.now() + 3000
    await writeFile(join(newsroom.releasesDir, '2025-09-16-embargoed.md'), embargoedRelease(embargo))
    const samples: Array<{at: number; present: boolean}> = []
    for (let probe = 0; probe < 600 && !samples.at(-1)?.present; probe++) {
      samples.push({at: Date.now(), present: existsSync(newsroom.page)})
      await sleep(25)
    }
    const firstSeen = samples.find((sample) => sample.present)
    expect(samples.filter((sample) => sample.at < embargo).every((sample) => !sample.present)).toBe(true)
    expect(firstSeen?.at).toBeGreaterThanOrEqual(embargo)
    expect((firstSeen?.at ?? Infinity) - embargo).toBeLessThan(2000)

    await run.waitFor(/alert \d+ \(2025-09-16-embargoed\): sent 2, failed 0, skipped 0/)
    await run.waitFor(/nothing scheduled/)
    expect((await newsroom.deploys()).filter((line) => line.includes('2025-09-16-embargoed'))).toEqual(['2025-09-15-ferry-charging,2025-09-16-embargoed'])
    // One publish ping per feed for the publish of the day, after the archive's first deploy (one per feed too).
    const topics = ['https://newsroom.example.com/rss.xml', 'https://newsroom.example.com/feed.json']
    expect(pingedTopics(hub).slice(0, 2)).toEqual(topics)
    expect(pingedTopics(hub, 2)).toEqual(topics)
    const copies = await alertCopies(smtp)
    expect([...copies.keys()].sort()).toEqual(newsroom.instants)
    expect([...copies.values()].every((list) => list.length === 1 && !list[0]?.possibleDuplicate)).toBe(true)
    expect(smtp.accepted.map((message) => message.to)).not.toContain('daily@example.org')

    // A correction saved while run keeps running: deployed, the hubs told again, one correction alert per instant subscriber.
    const file = join(newsroom.releasesDir, '2025-09-16-embargoed.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace('tags: [energy]', 'tags: [energy]\ncorrection: "An earlier version named the wrong quay."'))
    await run.waitFor(/correction alert \d+ \(2025-09-16-embargoed\): sent 2, failed 0, skipped 0/)
    expect(await run.stop('SIGTERM')).toBe(0)
    expect(await readFile(newsroom.page, 'utf8')).toContain('An earlier version named the wrong quay.')
    expect(pingedTopics(hub, 4)).toEqual(topics)
    const corrections = []
    for (const message of smtp.accepted.slice(2)) corrections.push([message.to, (await simpleParser(message.raw)).subject])
    expect(corrections.sort()).toEqual(newsroom.instants.map((email) => [email, 'Correction: Embargoed quay news']))
  })

  it('should, after SIGKILL of run at seeded random moments and a restart each time, have alerted each instant subscriber once, published, deployed, and recorded version 1', async () => {
    const hub = await startTestHub()
    // Slow replies keep the alert sending long enough for kills to land in it.
    const smtp = await startSmtpTestServer({replyDelayMs: 300})
    cleanups.push(() => hub.close(), () => smtp.close())
    const newsroom = await releaseDayNewsroom(hub, 12)
    const random = seeded(22)
    const seen: Array<{at: number; present: boolean}> = []
    let watching = true
    const watch = (async () => {
      // Bounded: at most ten minutes of 25 ms samples.
      for (let probe = 0; probe < 24_000 && watching; probe++) {
        seen.push({at: Date.now(), present: existsSync(newsroom.page)})
        await sleep(25)
      }
    })()
    cleanups.push(async () => {
      watching = false
      await watch
    })
    const outputs: string[] = []
    /** Who held the locks when a run was killed: its own pid in a lock row means a restart had to take that lock over. */
    const kills: Array<{pid: number; signal: string | null; runLock: boolean; sendLock: boolean}> = []
    let run = startRun(newsroom.dir, {SMTP_URL: smtp.url, PRESSROOM_SECRET: testSecret})
    cleanups.push(() => run.stop())
    const kill = async () => {
      const pid = run.child.pid ?? -1
      run.child.kill('SIGKILL')
      await run.exited
      outputs.push(run.output())
      const store = await openStore(newsroom.config.database)
      const holder = async (table: string) => (await store.db.get<{pid: number}>(`SELECT pid FROM ${table} WHERE id = 1`))?.pid === pid
      kills.push({pid, signal: run.child.signalCode, runLock: await holder('run_lock'), sendLock: await holder('send_lock')})
      await store.close()
    }
    const restart = () => {
      run = startRun(newsroom.dir, {SMTP_URL: smtp.url, PRESSROOM_SECRET: testSecret})
    }
    await run.waitFor(/next wake/)
    const embargo = Date.now() + 3000
    await writeFile(join(newsroom.releasesDir, '2025-09-16-embargoed.md'), embargoedRelease(embargo))

    // Two kills at random moments around the instant: while the held release is built and deployed, or while starting.
    for (let trial = 0; trial < 2; trial++) {
      await sleep(Math.floor(random() * 1500))
      await kill()
      restart()
    }
    // One kill while this run hands the alert to the SMTP server: the send lock and messages in flight are left behind.
    // A message accepted late from the run killed before says nothing of this one: wait until this run holds the lock.
    const sendLockHolder = async () => {
      const store = await openStore(newsroom.config.database)
      try {
        return (await store.db.get<{pid: number}>('SELECT pid FROM send_lock WHERE id = 1'))?.pid
      } finally {
        await store.close()
      }
    }
    for (let poll = 0; poll < 600 && (await sendLockHolder()) !== run.child.pid; poll++) await sleep(50)
    const before = smtp.accepted.length
    for (let poll = 0; poll < 1200 && smtp.accepted.length === before; poll++) await sleep(25)
    expect(smtp.accepted.length).toBeGreaterThan(before)
    await kill()
    // Three more at random moments after a restart: taking the locks over, resuming the alert, re-sending what was in flight.
    for (let trial = 0; trial < 3; trial++) {
      restart()
      await sleep(500 + Math.floor(random() * 3000))
      await kill()
    }
    restart()
    await run.waitFor(/nothing scheduled/)
    expect(await run.stop('SIGTERM')).toBe(0)
    outputs.push(run.output())
    watching = false
    await watch

    const all = outputs.join('\n')
    // Every run was still running when killed: none stopped by itself on the way.
    expect(kills.every((entry) => entry.signal === 'SIGKILL'), `${JSON.stringify(kills)}\n${all}`).toBe(true)
    expect(all).not.toContain('SCHEDULER_RUNNING')
    expect(all).not.toContain('Another digest run')
    // The mid-send kill left both locks to a dead process; the restart after it had to take them over.
    expect(kills[2], `${JSON.stringify(kills)}\n${all}`).toMatchObject({runLock: true, sendLock: true})
    expect(seen.filter((sample) => sample.at < embargo).every((sample) => !sample.present)).toBe(true)
    expect(existsSync(newsroom.page)).toBe(true)
    expect((await newsroom.deploys()).filter((line) => line.includes('2025-09-16-embargoed')).length).toBeGreaterThanOrEqual(1)

    // Nobody got it twice: one Message-ID per subscriber, and every copy after the first is a marked re-send of it.
    const copies = await alertCopies(smtp)
    expect([...copies.keys()].sort()).toEqual(newsroom.instants)
    for (const [email, list] of copies) {
      expect(new Set(list.map((copy) => copy.messageId)).size, email).toBe(1)
      expect(list.slice(1).every((copy) => copy.possibleDuplicate), email).toBe(true)
    }
    expect(new Set([...copies.values()].map((list) => list[0]?.messageId)).size).toBe(newsroom.instants.length)
    expect(smtp.accepted.map((message) => message.to)).not.toContain('daily@example.org')
    expect(pingedTopics(hub)).toContain('https://newsroom.example.com/rss.xml')

    const store = await openStore(newsroom.config.database)
    try {
      expect((await publicationVersions(store.db, '2025-09-16-embargoed')).map((version) => version.version)).toEqual([1])
      const alerts = (await recentAlerts(store.db, 10)).filter((alert) => alert.releaseIds[0] === '2025-09-16-embargoed')
      expect(alerts).toHaveLength(1)
      expect((await digestStatus(store.db, alerts[0]?.id))?.counts).toMatchObject({sent: newsroom.instants.length, pending: 0, sending: 0, failed: 0})
    } finally {
      await store.close()
    }
  })
})
