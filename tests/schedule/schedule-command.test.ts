import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCliAsync} from '../support/run-cli.js'
import {startRun} from '../support/start-run.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {testSecret} from '../email/digest-run.js'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** A deploy command (a node script) that appends one line a run, naming the releases in out/ as it deployed them. */
async function withDeployScript(dir: string, configPath: string) {
  await writeFile(join(dir, 'deploy.mjs'), "import {appendFileSync, readdirSync} from 'node:fs'\nappendFileSync('deploys.log', readdirSync('out/releases').sort().join(',') + '\\n')\n")
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>
  await writeFile(configPath, JSON.stringify({...config, deploy: {command: `${JSON.stringify(process.execPath)} deploy.mjs`}}))
  return async () => (existsSync(join(dir, 'deploys.log')) ? (await readFile(join(dir, 'deploys.log'), 'utf8')).trimEnd().split('\n') : [])
}

let stopRun: (() => Promise<unknown>) | undefined
let smtp: SmtpTestServer | undefined
afterEach(async () => {
  await stopRun?.()
  await smtp?.close()
  stopRun = undefined
  smtp = undefined
})

describe('pressroom run', () => {
  it('should publish a release embargoed 3 s ahead at its instant and not before, deploy it once, refuse a second run, and stop on SIGTERM with exit code 0', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    const deploys = await withDeployScript(newsroom.dir, newsroom.configPath)
    const run = startRun(newsroom.dir)
    stopRun = run.stop
    await run.waitFor(/next wake/)
    expect(await deploys()).toEqual(['2025-09-15-ferry-charging'])

    const second = await runCliAsync(['run'], {cwd: newsroom.dir})
    expect(second.status).toBe(1)
    expect(second.stderr).toMatch(/^pressroom: Another scheduler \(pressroom run or tick\) is working on this database \(process \d+ on .+\) \[SCHEDULER_RUNNING\]\n/)

    // Written while `run` sleeps: it wakes for the new file, holds the release back, and wakes again at its instant.
    const embargo = Date.now() + 3000
    await writeFile(join(newsroom.releasesDir, '2025-09-16-embargoed.md'), `---\ntitle: Embargoed quay news\ndateline: ROTTERDAM, Netherlands\nsource: Port Energy Alliance\nembargo: ${new Date(embargo).toISOString()}\n---\n\nThe quay reopens.\n`)
    const page = join(newsroom.dir, 'out', 'releases', '2025-09-16-embargoed', 'index.html')
    const samples: Array<{at: number; present: boolean}> = []
    for (let probe = 0; probe < 400 && !samples.at(-1)?.present; probe++) {
      samples.push({at: Date.now(), present: existsSync(page)})
      await sleep(25)
    }
    const firstSeen = samples.find((sample) => sample.present)
    expect(samples.filter((sample) => sample.at < embargo).every((sample) => !sample.present)).toBe(true)
    expect(firstSeen?.at).toBeGreaterThanOrEqual(embargo)
    expect((firstSeen?.at ?? Infinity) - embargo).toBeLessThan(2000)

    await run.waitFor(/deployed in/, 3)
    expect(await run.stop('SIGTERM')).toBe(0)
    expect(run.output()).toContain('pressroom: stopped\n')
    expect((await deploys()).filter((line) => line.includes('2025-09-16-embargoed'))).toEqual(['2025-09-15-ferry-charging,2025-09-16-embargoed'])
    // The lock went with it: a tick runs at once.
    expect((await runCliAsync(['tick'], {cwd: newsroom.dir})).status).toBe(0)
  })
})

describe('pressroom tick', () => {
  it('should deploy once for two ticks in a row', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    const deploys = await withDeployScript(newsroom.dir, newsroom.configPath)
    const first = await runCliAsync(['tick'], {cwd: newsroom.dir})
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^pressroom: built at .+: 1 published, 0 held back; new or changed: 2025-09-15-ferry-charging\npressroom: deployed in \d+\.\d s \(exit code 0\)\npressroom: notified: instant alerts \(none sent: SMTP_URL is not set; .+\)\n$/)
    const second = await runCliAsync(['tick'], {cwd: newsroom.dir})
    expect(second.status, second.stderr).toBe(0)
    expect(second.stdout).toBe('')
    expect(await deploys()).toEqual(['2025-09-15-ferry-charging'])
  })

  it('should fire a digest schedule once per due time across ticks, and not at the tick that first sees it', async () => {
    const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
    const newsroom = await makeDigestNewsroom([{date: yesterday, slug: 'ferry-charging'}], {timeZone: 'UTC', schedule: {digests: [{name: 'hourly', cron: '0 * * * *'}]}})
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: 'reader@example.org', tags: []})
    await store.close()
    smtp = await startSmtpTestServer()
    const env = {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}
    const tick = async () => {
      const result = await runCliAsync(['tick'], {cwd: newsroom.dir, env})
      expect(result.status, result.stdout + result.stderr).toBe(0)
      return result.stdout
    }
    expect(await tick()).not.toContain('digest schedule')
    // As if the schedule had been in the config for three hours: three due times passed, and fire as one.
    const backdate = await openStore(newsroom.config.database)
    await backdate.db.run('UPDATE digest_schedules SET anchored_at = ?', new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString())
    await backdate.close()
    const fired = await tick()
    expect(fired).toMatch(/pressroom: digest schedule hourly: firing for \S+T\d\d:00:00\.000Z\n/)
    expect(fired).toContain('pressroom: digest 1: sent 1, failed 0, skipped 0\npressroom: digest schedule hourly: done\n')
    expect(await tick()).not.toContain('digest schedule')
    expect(smtp.accepted.map((message) => message.to)).toEqual(['reader@example.org'])
    const status = await runCliAsync(['status', '--json'], {cwd: newsroom.dir})
    expect(JSON.parse(status.stdout)).toMatchObject({
      digestSchedules: [{key: 'hourly', lastFire: {state: 'done', exitCode: 0}}],
      digests: [{id: 1, kind: 'daily', status: 'done', releases: 1, sent: 1, failed: 0, pending: 0, skipped: 0}]
    })
  })
})
