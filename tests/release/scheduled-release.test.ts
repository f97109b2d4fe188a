import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {previewMarks} from '../../src/dev/preview-marks.js'
import {readTree} from '../support/read-tree.js'
import {runCli} from '../support/run-cli.js'

const fixture = join(import.meta.dirname, '../fixtures/newsroom')
const id = '2025-09-20-harbour-opening'
// 13:00 in Berlin is 11:00 UTC: one hour after the first build's clock.
const date = '2025-09-20T13:00:00+02:00'

describe('a release dated in the future', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pressroom-scheduled-'))
    cpSync(fixture, dir, {recursive: true})
    writeFileSync(
      join(dir, `releases/${id}.md`),
      `---\ntitle: Acme opens its harbour terminal\ndateline: HAMBURG, Germany\nsource: Acme\ndate: ${date}\ntags: [harbour]\n---\n\nAcme opened its harbour terminal today.\n`
    )
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('should be held back from every output until its date, listed with its instant, and published once it passes', () => {
    const before = runCli(['build', '--now', '2025-09-20T10:00:00Z'], {cwd: dir})
    expect(before.status).toBe(0)
    expect(before.stdout).toContain(`held back: releases/${id}.md (scheduled for ${date})`)
    expect(before.stdout).toMatch(/^pressroom: published 2, held back 3 \(1 draft, 1 embargoed, 1 scheduled\) into out\//m)
    const held = readTree(join(dir, 'out'))
    expect(held.size).toBeGreaterThan(10)
    for (const [path, bytes] of held) {
      expect(path).not.toContain('harbour')
      expect(bytes.toString('utf8'), path).not.toContain('harbour-opening')
      expect(bytes.toString('utf8'), path).not.toContain('harbour terminal')
    }

    // A build an hour later: the no-op shortcut must see that the clock passed the date, too.
    const after = runCli(['build', '--now', '2025-09-20T11:00:00Z'], {cwd: dir})
    expect(after.status).toBe(0)
    expect(after.stdout).not.toContain('scheduled')
    expect(after.stdout).toMatch(/^pressroom: published 3, held back 2 \(1 draft, 1 embargoed\) into out\//m)
    // The sample digest is written beside the cache, never into out/.
    const files = new Map([...readTree(join(dir, 'out')), ...[...readTree(join(dir, '.pressroom-cache/email-preview'))].map(([path, bytes]) => [`email/${path}`, bytes] as const)])
    expect(files.has(`releases/${id}/index.html`)).toBe(true)
    expect(files.has('tags/harbour/index.html')).toBe(true)
    for (const path of ['index.html', 'sitemap.xml', 'news-sitemap.xml', 'rss.xml', 'feed.json', 'tags/harbour/rss.xml', 'email/preview.html']) {
      expect(files.get(path)?.toString(), path).toContain(id)
    }
    const rss = new XMLParser().parse(files.get('rss.xml')?.toString() ?? '')
    expect(rss.rss.channel.item[0].title).toBe('Acme opens its harbour terminal')
    expect(JSON.parse(files.get('feed.json')?.toString() ?? '{}').items[0].id).toContain(id)
  })

  it('should be written and marked as scheduled in a preview build, but still counted as held', async () => {
    const config = loadConfig(join(dir, 'pressroom.config.json'))
    const now = Date.parse('2025-09-20T10:00:00Z')
    const result = await build({config, releasesDir: join(dir, 'releases'), outDir: join(dir, 'out'), now, cwd: dir, preview: true, workers: 0})
    expect(result.ok).toBe(true)
    const scheduled = result.held.find((entry) => entry.release.id === id)
    expect(scheduled?.reason).toEqual({kind: 'scheduled', until: Date.parse(date)})
    expect(previewMarks(result.held, config.timeZone).find((mark) => mark.urlPath === `/releases/${id}/`)?.label).toBe('Scheduled for Sept. 20, 2025, 13:00 GMT+2')
    // The sample digest is written beside the cache, never into out/.
    const files = new Map([...readTree(join(dir, 'out')), ...[...readTree(join(dir, '.pressroom-cache/email-preview'))].map(([path, bytes]) => [`email/${path}`, bytes] as const)])
    expect(files.has(`releases/${id}/index.html`)).toBe(true)
    expect(files.get('index.html')?.toString()).toContain('Acme opens its harbour terminal')
  })
})
