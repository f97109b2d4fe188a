import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {devPaths} from '../../src/dev/dev-client-script.js'
import {startDevPreview, type DevPreview} from '../../src/dev/start-dev-preview.js'
import {fixtureNewsroom} from '../server/start-test-subscriptions.js'
import {readBuildEvents, type BuildEvents} from './sse-reader.js'

let dir = ''
let preview: DevPreview | undefined
let events: BuildEvents | undefined
const output: string[] = []
afterEach(async () => {
  events?.close()
  await preview?.close()
  await rm(dir, {recursive: true, force: true})
  preview = undefined
  events = undefined
  output.length = 0
})

const releaseFile = 'releases/2025-09-15-harbour-shore-power.md'
const releasePage = '/releases/2025-09-15-harbour-shore-power/'

/** A preview of the newsroom in `dir` on `port` (0: any free one), its output lines collected in `output`. */
const launch = (port: number) =>
  startDevPreview(
    {port, releasesDir: 'releases', configFile: 'pressroom.config.json', now: Date.parse('2025-09-20T12:00:00Z'), cwd: dir, debounceMs: 50},
    {stdout: (line) => output.push(line), stderr: (text) => output.push(text), color: false}
  )

async function start(prepare?: () => Promise<void>) {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-dev-test-'))
  await cp(fixtureNewsroom, dir, {recursive: true})
  await prepare?.()
  preview = await launch(0)
  events = await readBuildEvents(preview.origin + devPaths.events)
  return preview
}

const edit = async (file: string, change: (text: string) => string) => writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')))

describe('pressroom dev over HTTP', () => {
  it('should show the sample digest under /_pressroom/email/, from outside the folder the site is built into', async () => {
    const {origin} = await start()
    const digest = await fetch(origin + '/_pressroom/email/preview.html')
    expect(digest.status).toBe(200)
    expect(await digest.text()).toContain('preview-token-not-valid')
    expect((await fetch(origin + '/_pressroom/email/preview.eml')).headers.get('content-type')).toBe('message/rfc822')
    expect((await fetch(origin + '/email/preview.html')).status).toBe(404)
  })

  it('should serve drafts and embargoed releases marked, only on 127.0.0.1, with the reload script', async () => {
    const {origin} = await start()
    expect(new URL(origin).hostname).toBe('127.0.0.1')
    const index = await (await fetch(origin + '/')).text()
    expect(index).toContain('a[href$="/releases/2025-09-19-board-changes/"]::after{content:"Draft — not published"')
    expect(index).toContain('a[href$="/releases/2025-09-22-quarterly-results/"]::after{content:"Embargoed until Sept. 22, 2025, 07:00 GMT+2"')
    expect(index).toContain(`<script src="${devPaths.script}" data-version="1"></script>`)
    const draft = await fetch(origin + '/releases/2025-09-19-board-changes/')
    expect(draft.status).toBe(200)
    const draftPage = await draft.text()
    expect(draftPage).toContain('<p class="pressroom-preview-banner" role="note">Draft — not published</p>')
    expect(draftPage).toContain('<h1>New chair for the Harbour &amp; Grid board</h1>')
    const embargoed = await (await fetch(origin + '/releases/2025-09-22-quarterly-results/')).text()
    expect(embargoed).toContain('<p class="pressroom-preview-banner" role="note">Embargoed until <time datetime="2025-09-22T05:00:00Z">Sept. 22, 2025, 07:00 GMT+2</time></p>')
    const published = await (await fetch(origin + releasePage)).text()
    expect(published).not.toContain('role="note"')
    // Absolute links point at the preview, so they can be followed.
    expect(published).toContain(`<link rel="canonical" href="${origin}${releasePage}">`)
    expect((await fetch(origin + devPaths.script)).headers.get('content-type')).toContain('text/javascript')
    expect(output.join('\n')).toContain('2 held back shown as preview')
  })

  it('should rebuild on a release edit, show a validation error naming file and line while serving the last good build, and recover', async () => {
    const {origin} = await start()
    await events!.next((state) => state.version === 1)

    await edit(releaseFile, (text) => text.replace('Port of Emden switches its ferries to shore power', 'Port of Emden switches all ferries to shore power'))
    await events!.next((state) => state.version === 2 && state.problems.length === 0)
    expect(await (await fetch(origin + releasePage)).text()).toContain('Port of Emden switches all ferries to shore power')
    // Only the edited release is rendered again: the others come from the build cache.
    expect(output.join('\n')).toMatch(/built \(changed: releases\/2025-09-15-harbour-shore-power\.md\) in \d+ ms, 1 rendered/)

    await edit(releaseFile, (text) => text.replace('date: 2025-09-15T09:00:00+02:00', 'date: 2025-09-16T09:00:00+02:00'))
    const failed = await events!.next((state) => state.problems.length > 0)
    expect(failed.version).toBe(2)
    expect(failed.problems[0]).toMatchObject({file: releaseFile, line: 4})
    expect(failed.problems[0]?.reason).toContain('expected a time on `2025-09-15`')
    // The terminal gets the editor's report: the file, then line:column of each message.
    expect(output.join('\n')).toContain(releaseFile)
    expect(output.join('\n')).toMatch(/^\s*4:\d+.*error.*Unexpected date/m)
    expect(output.join('\n')).toContain('still serving the last good build')
    const stillGood = await fetch(origin + releasePage)
    expect(stillGood.status).toBe(200)
    expect(await stillGood.text()).toContain('Port of Emden switches all ferries to shore power')

    await edit(releaseFile, (text) => text.replace('date: 2025-09-16T09:00:00+02:00', 'date: 2025-09-15T09:00:00+02:00'))
    await events!.next((state) => state.version === 3 && state.problems.length === 0)
  })

  it('should rebuild when the config changes and report a broken config as a problem without dropping the preview', async () => {
    const {origin} = await start()
    await edit('pressroom.config.json', (text) => text.replace('"title": "Harbour & Grid Newsroom"', '"title": "Harbour & Grid Press Room"'))
    await events!.next((state) => state.version === 2)
    expect(await (await fetch(origin + '/')).text()).toContain('Harbour &amp; Grid Press Room')

    await edit('pressroom.config.json', (text) => text.replace('"pageSize": 10', '"pageSize": "ten"'))
    const failed = await events!.next((state) => state.problems.length > 0)
    expect(failed.problems[0]?.file).toBe('pressroom.config.json')
    expect(failed.problems[0]?.reason).toContain('`pageSize`')
    expect((await fetch(origin + '/')).status).toBe(200)
  })

  it('should show the problems of a first build that fails, then the preview once it is fixed', async () => {
    const {origin} = await start(() => edit(releaseFile, (text) => text.replace(/^title: .*$/m, 'title: ""')))
    const waiting = await fetch(origin + releasePage)
    expect(waiting.status).toBe(503)
    expect(await waiting.text()).toContain(`<script src="${devPaths.script}" data-version="0"></script>`)
    const failed = await events!.next((state) => state.problems.length > 0)
    expect(failed.problems[0]?.file).toBe(releaseFile)
    await edit(releaseFile, (text) => text.replace('title: ""', 'title: Port of Emden switches its ferries to shore power'))
    await events!.next((state) => state.version === 1 && state.problems.length === 0)
    expect((await fetch(origin + releasePage)).status).toBe(200)
  })

  it('should refuse requests for any host name but 127.0.0.1 and localhost, so a rebound domain cannot read embargoed pages', async () => {
    const {origin} = await start()
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(origin)
        request({host: url.hostname, port: url.port, path: '/releases/2025-09-22-quarterly-results/', headers: {host}}, (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        }).on('error', reject).end()
      })
    expect(await status(`evil.example:${new URL(origin).port}`)).toBe(403)
    expect(await status(`localhost:${new URL(origin).port}`)).toBe(200)
    expect(await status(new URL(origin).host)).toBe(200)
  })

  it('should start a second session on the renders the first left in the newsroom\'s cache folder', async () => {
    const first = await start()
    const started = () => output.find((line) => line.startsWith('pressroom dev: built (start)'))
    expect(started()).toMatch(/, 4 rendered: /)
    // Renders depend on the preview's address (absolute links point at it), so the second session takes the same port.
    const port = Number(new URL(first.origin).port)
    events?.close()
    events = undefined
    await first.close()
    preview = undefined
    output.length = 0
    preview = await launch(port)
    expect(started()).toMatch(/, 0 rendered: /)
    expect(await (await fetch(preview.origin + releasePage)).text()).toContain(`<link rel="canonical" href="${preview.origin}${releasePage}">`)
  })
})
