import {createHash} from 'node:crypto'
import {cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {JsonFeed} from '../../src/feeds/json-feed.js'
import {attr, byTag, parseHtml, textOf} from '../support/html-dom.js'
import {runCli} from '../support/run-cli.js'
import {openStore, storeLocation} from '../../src/store/open-store.js'

const fixture = join(import.meta.dirname, '../fixtures/newsroom')
const changzhou = 'releases/2025-09-15-changzhou-plant.md'
const changzhouUrl = 'https://news.acme.example/press/releases/2025-09-15-changzhou-plant/'
const correction = 'An earlier version said 4,000 jobs; the plant employs 400 people in its first year.'
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-updates-'))
  cpSync(fixture, dir, {recursive: true})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

/** A build by the real CLI with the given clock; its stats line says how many release files it rendered. */
function build(now: string, ...extra: string[]) {
  const result = runCli(['build', '--now', now, ...extra], {cwd: dir, env: {PRESSROOM_STATS: '1'}})
  expect(result.status, result.stderr).toBe(0)
  const stats = /pressroom-stats (\{.*\})/.exec(result.stderr)?.[1]
  return JSON.parse(stats ?? '{}') as {rendered?: number; upToDate?: boolean; filesRead?: number}
}

const read = (path: string) => readFileSync(join(dir, 'out', path), 'utf8')
const pageOf = (id: string) => parseHtml(read(`releases/${id}/index.html`))
function jsonLdOf(id: string): Record<string, unknown> {
  const script = byTag(pageOf(id), 'script').find((element) => attr(element, 'type') === 'application/ld+json')
  if (script === undefined) throw new Error(`No JSON-LD on the page of ${id}`)
  return JSON.parse(textOf(script)) as Record<string, unknown>
}
const byClass = (id: string, name: string) => byTag(pageOf(id), name === 'updated' ? 'p' : 'aside').filter((element) => attr(element, 'class') === name).map((element) => textOf(element).replace(/\s+/g, ' ').trim())
const inode = (path: string) => statSync(join(dir, 'out', path)).ino

function rssItem(xml: string, link: string) {
  const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'item'})
  const items = (parser.parse(xml) as {rss: {channel: {item: Array<{link: string; guid: {'#text': string; isPermaLink: string}; 'atom:updated'?: string}>}}}).rss.channel.item
  return items.find((item) => item.link === link)
}

function editChangzhou() {
  const path = join(dir, changzhou)
  const text = readFileSync(path, 'utf8')
  writeFileSync(path, text.replace('tags: [manufacturing, china]\n', `tags: [manufacturing, china]\ncorrection: "${correction}"\n`).replace('with 400 jobs', 'with 400 jobs (not 4,000)'))
}

describe('a published release edited after it went public', () => {
  it('should show Updated with the instant its new version went public, keep its URL and guid, and re-render that release alone', () => {
    // The first build has no database yet: nothing is an update.
    expect(build('2025-10-06T00:00:00Z').rendered).toBe(4)
    expect(byClass('2025-09-15-changzhou-plant', 'updated')).toEqual([])
    expect(jsonLdOf('2025-09-15-changzhou-plant')).not.toHaveProperty('dateModified')
    const guidBefore = rssItem(read('rss.xml'), changzhouUrl)?.guid
    const otherPage = inode('releases/2025-10-01-quarterly-results/index.html')

    editChangzhou()
    // 09:30 UTC is 17:30 in the release's own offset (+08:00), the day the correction went out.
    expect(build('2025-10-07T09:30:00Z').rendered).toBe(1)
    const id = '2025-09-15-changzhou-plant'
    const updated = '2025-10-07T17:30:00+08:00'
    expect(byClass(id, 'updated')).toEqual(['Updated Oct. 7, 2025'])
    expect(byClass(id, 'correction')).toEqual([`Correction (Oct. 7, 2025): ${correction}`])
    expect(read(`releases/${id}/index.html`)).toContain(`<time datetime="${updated}">Oct. 7, 2025</time>`)
    const jsonLd = jsonLdOf(id)
    expect(jsonLd.dateModified).toBe(updated)
    expect(jsonLd.datePublished).toBe('2025-09-15T08:00:00+08:00')
    expect(jsonLd.url).toBe(changzhouUrl)
    expect(jsonLd.correction).toEqual({'@type': 'CorrectionComment', text: correction, datePublished: updated})
    // Same URL and guid: the guid is the permanent URL, never a hash of the content.
    const item = rssItem(read('rss.xml'), changzhouUrl)
    expect(item?.guid).toEqual(guidBefore)
    expect(item?.guid).toEqual({'#text': changzhouUrl, isPermaLink: 'true'})
    expect(item?.['atom:updated']).toBe(updated)
    expect(rssItem(read('rss.xml'), 'https://news.acme.example/press/releases/2025-10-01-quarterly-results/')).not.toHaveProperty('atom:updated')
    const jsonItem = (JSON.parse(read('feed.json')) as JsonFeed).items.find((entry) => entry.id === changzhouUrl)
    expect(jsonItem?.date_modified).toBe(updated)
    expect(jsonItem?.date_published).toBe('2025-09-15T08:00:00+08:00')
    expect(read('sitemap.xml')).toContain(`<url><loc>${changzhouUrl}</loc><lastmod>${updated}</lastmod></url>`)
    // The other release's page was kept as the last build wrote it, not rendered again.
    expect(inode('releases/2025-10-01-quarterly-results/index.html')).toBe(otherPage)

    // A later build that renders everything again but changes nothing keeps the instant the ledger recorded, not its
    // own clock.
    expect(build('2025-10-09T12:00:00Z', '--no-cache').rendered).toBe(4)
    expect(byClass(id, 'updated')).toEqual(['Updated Oct. 7, 2025'])
    expect(jsonLdOf(id).dateModified).toBe(updated)
  })

  it('should keep the listing pages that show an edited release, whose templates show no update, as a fresh build writes them', () => {
    build('2025-10-06T00:00:00Z')
    const id = '2025-09-15-changzhou-plant'
    const pages = readdirSync(join(dir, 'out'), {recursive: true}).map(String).filter((path) => path.endsWith('.html') && !path.startsWith(`releases/${id}/`))
    const listing = pages.filter((path) => read(path).includes(`href="/press/releases/${id}/"`))
    // The index page it is on, both of its tags, its year and month in the archive.
    expect(listing.length).toBeGreaterThanOrEqual(5)
    const before = new Map(listing.map((path) => [path, inode(path)]))
    // A closing paragraph: its summary (the first paragraph) and every other field stay.
    writeFileSync(join(dir, changzhou), readFileSync(join(dir, changzhou), 'utf8') + '\nThe second line opens next spring.\n')
    expect(build('2025-10-07T09:30:00Z').rendered).toBe(1)
    expect(byClass(id, 'updated')).toEqual(['Updated Oct. 7, 2025'])
    expect(read(`releases/${id}/index.html`)).toContain('The second line opens next spring.')
    expect(new Map(listing.map((path) => [path, inode(path)]))).toEqual(before)
    const kept = new Map(listing.map((path) => [path, read(path)]))
    build('2025-10-07T09:30:00Z', '--no-cache')
    expect(new Map(listing.map((path) => [path, read(path)]))).toEqual(kept)
  })

  it('should show no Updated line on a release never edited, in a newsroom whose ledger has other updates', () => {
    build('2025-10-06T00:00:00Z')
    editChangzhou()
    build('2025-10-07T09:30:00Z')
    const id = '2025-10-01-quarterly-results'
    expect(byClass(id, 'updated')).toEqual([])
    expect(byClass(id, 'correction')).toEqual([])
    expect(jsonLdOf(id)).not.toHaveProperty('dateModified')
    expect(jsonLdOf(id)).not.toHaveProperty('correction')
  })

  it('should read each release file once on a CI deploy, where every file is new to the cache and the ledger is empty, and record the hash of its bytes', async () => {
    build('2025-10-06T00:00:00Z')
    // A CI deploy: a fresh checkout (every file with a new modification time), no out folder and no database, the
    // build cache restored.
    const files = readdirSync(join(dir, 'releases'), {recursive: true}).map(String).filter((name) => name.endsWith('.md'))
    const later = new Date(Date.now() + 60_000)
    for (const name of files) utimesSync(join(dir, 'releases', name), later, later)
    rmSync(join(dir, 'out'), {recursive: true, force: true})
    rmSync(join(dir, 'data'), {recursive: true, force: true})
    // The render cache reads each file to know it unchanged; the ledger, which records the hash of each file's bytes,
    // takes that hash from the same read.
    expect(build('2025-10-07T09:30:00Z').filesRead).toBe(files.length)
    const store = await openStore(storeLocation('data/pressroom.db', dir))
    try {
      const rows = await store.db.all('SELECT release_id, source_hash FROM publications ORDER BY release_id') as Array<{release_id: string; source_hash: string}>
      // The draft is never published, so never recorded.
      const expected = files.filter((name) => !name.includes('secret-plans')).map((name) => [/(\d{4}-\d\d-\d\d-[^/]+)\.md$/.exec(name)?.[1], createHash('sha256').update(readFileSync(join(dir, 'releases', name))).digest('hex')]).sort()
      expect(rows.map((row) => [row.release_id, row.source_hash])).toEqual(expected)
    } finally {
      await store.close()
    }
    editChangzhou()
    // An edit reads the edited file alone: to key it, then to render it.
    expect(build('2025-10-08T09:30:00Z').filesRead).toBe(2)
  })
})
