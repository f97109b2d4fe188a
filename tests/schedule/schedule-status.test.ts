import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCliAsync} from '../support/run-cli.js'

const isoInstant = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

async function makeScheduledNewsroom() {
  const newsroom = await makeDigestNewsroom([
    {date: '2025-09-15', slug: 'ferry-charging', title: 'Ferries charge at the quay'},
    {date: '2025-09-16', slug: 'embargoed', title: 'Embargoed quay news', embargo: '2099-01-05T08:00:00Z'},
    {date: '2025-09-16', slug: 'later', title: 'Later quay news', embargo: '2099-02-01T08:00:00Z'}
  ], {timeZone: 'UTC', schedule: {digests: [{name: 'weekday', cron: '0 8 * * 1-5', frequency: 'daily'}]}})
  await writeFile(join(newsroom.dir, 'deploy.mjs'), "console.log('synced')\n")
  const config = JSON.parse(await readFile(newsroom.configPath, 'utf8')) as Record<string, unknown>
  await writeFile(newsroom.configPath, JSON.stringify({...config, deploy: {command: `${JSON.stringify(process.execPath)} deploy.mjs`}}))
  return newsroom
}

describe('pressroom status', () => {
  it('should report the next publish and digest fire of a fresh newsroom as JSON, with empty history and no database made', async () => {
    const newsroom = await makeScheduledNewsroom()
    const result = await runCliAsync(['status', '--json'], {cwd: newsroom.dir})
    expect(result.status, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      nextPublish: {id: '2025-09-16-embargoed', title: 'Embargoed quay news', at: '2099-01-05T08:00:00.000Z'},
      digestSchedules: [{key: 'weekday', cron: '0 8 * * 1-5', frequency: 'daily', nextFire: isoInstant, lastFire: null}],
      publishes: [],
      deploys: [],
      digests: []
    })
    expect(existsSync(newsroom.config.database)).toBe(false)
  })

  it('should report the publishes and deploys of a used newsroom, as JSON and as a table', async () => {
    const newsroom = await makeScheduledNewsroom()
    const tick = await runCliAsync(['tick'], {cwd: newsroom.dir})
    expect(tick.status, tick.stderr).toBe(0)
    const json = await runCliAsync(['status', '--json'], {cwd: newsroom.dir})
    expect(json.status, json.stderr).toBe(0)
    const status = JSON.parse(json.stdout) as Record<string, unknown>
    expect(status).toEqual({
      nextPublish: {id: '2025-09-16-embargoed', title: 'Embargoed quay news', at: '2099-01-05T08:00:00.000Z'},
      digestSchedules: [{key: 'weekday', cron: '0 8 * * 1-5', frequency: 'daily', nextFire: isoInstant, lastFire: null}],
      publishes: [{id: '2025-09-15-ferry-charging', firstPublishedAt: '2025-09-15T06:00:00.000Z', version: 1}],
      deploys: [{id: 1, state: 'notified', exitCode: 0, durationMs: expect.any(Number), finishedAt: isoInstant, releaseIds: ['2025-09-15-ferry-charging']}],
      digests: []
    })
    const table = await runCliAsync(['status'], {cwd: newsroom.dir})
    expect(table.status, table.stderr).toBe(0)
    expect(table.stdout.split('\n').map((line) => line.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T').replace(/\d+\.\d s/, 'S'))).toEqual([
      'next publish: T  2025-09-16-embargoed  Embargoed quay news',
      'digest schedules:',
      '  weekday  0 8 * * 1-5  next T  not fired yet',
      'last publishes:',
      '  T  2025-09-15-ferry-charging  version 1',
      'last deploys:',
      '  T  exit code 0  S  notified',
      'recent sends: none',
      ''
    ])
  })
})
