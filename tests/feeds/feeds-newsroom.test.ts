import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import Parser from 'rss-parser'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import type {JsonFeed} from '../../src/feeds/json-feed.js'
import {runFeedparser} from '../support/run-feedparser.js'
import {testConfig} from '../support/test-config.js'
import {listFiles, makeTempDir, readText, removeTempDirs} from './feed-files.js'

const releasesDir = 'tests/fixtures/feeds-newsroom/releases'
const config = testConfig({title: 'Feeds Newsroom', publisher: {name: 'Northwind Energy Systems'}})
// The storage tender is embargoed until 2025-09-18T06:00:00-05:00, that is 11:00 UTC.
const beforeEmbargo = Date.parse('2025-09-18T10:59:59Z')
const afterEmbargo = Date.parse('2025-09-18T11:00:00Z')
const feedFiles = ['rss.xml', 'feed.json', 'news-sitemap.xml', 'tags/energy/rss.xml', 'tags/tenders/rss.xml']

afterEach(removeTempDirs)

async function buildAt(now: number): Promise<{outDir: string; feeds: Map<string, string>}> {
  const outDir = join(await makeTempDir(), 'out')
  const result = await build({config, releasesDir, outDir, now})
  expect(result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String))).toEqual([])
  const feeds = new Map<string, string>()
  for (const file of await listFiles(outDir)) if (/(^|\/)(rss\.xml|feed\.json|news-sitemap\.xml)$/.test(file)) feeds.set(file, await readText(outDir, file))
  return {outDir, feeds}
}

describe('feeds of a built newsroom', () => {
  it('should keep an embargoed release out of every feed until now passes the embargo, and a draft out for good', async () => {
    const before = await buildAt(beforeEmbargo)
    expect([...before.feeds.keys()]).toEqual(expect.arrayContaining(['rss.xml', 'feed.json', 'news-sitemap.xml', 'tags/energy/rss.xml']))
    expect(before.feeds.has('tags/tenders/rss.xml')).toBe(false)
    for (const [file, text] of before.feeds) {
      expect(text, file).not.toContain('storage-tender-results')
      expect(text, file).not.toContain('Storage tender results')
      expect(text, file).not.toContain('board-changes')
    }
    const after = await buildAt(afterEmbargo)
    for (const file of feedFiles) {
      expect(after.feeds.get(file), file).toContain('https://newsroom.example.com/releases/2025-09-18-storage-tender-results/')
      expect(after.feeds.get(file), file).not.toContain('board-changes')
    }
    expect(after.feeds.has('tags/governance/rss.xml')).toBe(false)
  })

  it('should write the nasty release so that every parser reads it back as text', async () => {
    const {outDir, feeds} = await buildAt(afterEmbargo)
    const title = 'Tags like <script>alert(1)</script> & odd bytes stay text'
    const parser = new XMLParser({ignoreAttributes: false, cdataPropName: '#cdata'})
    for (const [file, text] of feeds) {
      expect(text, file).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]/)
      if (file.endsWith('.json')) continue
      expect(XMLValidator.validate(text), file).toBe(true)
      // A <script> that became markup would show up as an element; as text it stays inside CDATA or escaped.
      expect(JSON.stringify(parser.parse(text)), file).not.toMatch(/"script"/)
      if (file === 'news-sitemap.xml') {
        expect(text).toContain(`<news:title>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</news:title>`)
        continue
      }
      const parsed = runFeedparser(join(outDir, file))
      expect({file, bozo: parsed.bozo, exception: parsed.bozoException}).toEqual({file, bozo: false, exception: null})
      for (const entry of parsed.entries) expect(entry.publishedParsed, `${file}: ${entry.id}`).not.toBeNull()
      const feed = await new Parser().parseString(text)
      const nasty = feed.items.find((item) => item.link?.endsWith('/2025-09-16-nasty-characters/'))
      expect(nasty !== undefined, file).toBe(['rss.xml', 'tags/energy/rss.xml', 'tags/testing/rss.xml'].includes(file))
      if (nasty === undefined) continue
      expect(nasty.title, file).toBe(title)
      const content: string = nasty['content:encoded'] ?? ''
      expect(content, file).toContain('Code samples end with ]]> twice: a[b[0]]> and x]]>y, and a vertical tab here and a noncharacter here.')
      expect(content, file).toContain('Fish &#x26; chips &#x3C; 5 dollars')
      expect(parsed.entries.find((entry) => entry.id?.endsWith('/2025-09-16-nasty-characters/'))?.title).toBe(title)
    }
    const json = JSON.parse(feeds.get('feed.json') ?? '') as JsonFeed
    expect(json.items.find((item) => item.id.endsWith('/2025-09-16-nasty-characters/'))?.title).toBe(title)
  })

  it('should make the links and images of a built release absolute in every feed', async () => {
    const {feeds} = await buildAt(afterEmbargo)
    const json = JSON.parse(feeds.get('feed.json') ?? '') as JsonFeed
    const harbour = json.items.find((item) => item.id.endsWith('/2025-09-15-harbour-shore-power/'))
    expect(harbour?.content_html).toContain('<a href="https://newsroom.example.com/reports/shore-power.pdf">')
    expect(harbour?.content_html).toContain('<a href="https://newsroom.example.com/releases/maps/berths.html">')
    expect(harbour?.content_html).toContain('<img src="https://newsroom.example.com/releases/images/mast.png" alt="Charging mast">')
    expect(harbour?.image).toBe('https://newsroom.example.com/media/ferry-dock.jpg')
    const rss = feeds.get('rss.xml') ?? ''
    expect(rss).toContain('<enclosure url="https://newsroom.example.com/media/ferry-dock.jpg" length="52311" type="image/jpeg"/>')
    expect(rss).not.toMatch(/(href|src)="(?!https?:)/)
  })

  it('should write a JSON Feed that follows the 1.1 spec', async () => {
    const {feeds} = await buildAt(afterEmbargo)
    const json = JSON.parse(feeds.get('feed.json') ?? '') as JsonFeed
    expect(json.version).toBe('https://jsonfeed.org/version/1.1')
    expect(json.feed_url).toBe('https://newsroom.example.com/feed.json')
    expect(json.home_page_url).toBe('https://newsroom.example.com/')
    expect(json.items.map((item) => item.id)).toEqual([
      'https://newsroom.example.com/releases/2025-09-18-storage-tender-results/',
      'https://newsroom.example.com/releases/2025-09-16-nasty-characters/',
      'https://newsroom.example.com/releases/2025-09-15-harbour-shore-power/'
    ])
    for (const item of json.items) {
      expect(typeof item.id).toBe('string')
      expect(item.content_html.length).toBeGreaterThan(0)
      // RFC 3339 with an offset, as the spec asks.
      expect(item.date_published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/)
      expect(Number.isNaN(Date.parse(item.date_published))).toBe(false)
      expect(item.authors[0]?.name.length).toBeGreaterThan(0)
      expect(item.language).toBe('en')
    }
  })
})
