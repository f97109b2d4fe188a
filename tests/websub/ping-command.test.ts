import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runCliAsync} from '../support/run-cli.js'
import {closedPort, startTestHub, type TestHub} from './test-hub.js'

let dir: string
const hubs: TestHub[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-ping-'))
})

afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()))
  rmSync(dir, {recursive: true, force: true})
})

const writeConfig = (extra: object) =>
  writeFileSync(join(dir, 'pressroom.config.json'), JSON.stringify({title: 'Acme Newsroom', baseUrl: 'https://news.acme.example/press', ...extra}))

describe('pressroom ping', () => {
  it('should tell every configured hub of the site-wide RSS feed and JSON Feed, and exit 0', async () => {
    const hub = await startTestHub()
    hubs.push(hub)
    writeConfig({websub: {hubs: [hub.url]}})
    const result = await runCliAsync(['ping'], {cwd: dir})
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(hub.requests.map((request) => [request.form.get('hub.mode'), request.form.get('hub.url')])).toEqual([
      ['publish', 'https://news.acme.example/press/rss.xml'],
      ['publish', 'https://news.acme.example/press/feed.json']
    ])
    expect(result.stdout).toBe(`pressroom: ${hub.url}: accepted (2 of 2 topics)\n`)
  })

  it('should log an unreachable hub, still ping the others, and exit 1', async () => {
    const hub = await startTestHub()
    hubs.push(hub)
    const down = `http://127.0.0.1:${await closedPort()}/`
    writeConfig({websub: {hubs: [down, hub.url]}})
    const result = await runCliAsync(['ping', '--retries', '0'], {cwd: dir})
    expect(result.status).toBe(1)
    expect(hub.requests).toHaveLength(2)
    expect(result.stderr).toContain(`pressroom: WebSub hub ${down} refused https://news.acme.example/press/rss.xml (attempt 1 of 1): ECONNREFUSED`)
    expect(result.stdout).toBe(`pressroom: ${down}: FAILED (0 of 2 topics)\npressroom: ${hub.url}: accepted (2 of 2 topics)\n`)
  })

  it('should refuse to ping without hubs in the config, naming the key', async () => {
    writeConfig({})
    const result = await runCliAsync(['ping'], {cwd: dir})
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('WEBSUB_HUBS_MISSING')
  })
})
