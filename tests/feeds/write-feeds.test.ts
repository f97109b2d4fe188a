import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import Parser from 'rss-parser'
import {afterEach, describe, expect, it} from 'vitest'
import type {JsonFeed} from '../../src/feeds/json-feed.js'
import {writeFeeds} from '../../src/feeds/write-feeds.js'
import {releaseHtml} from '../../src/release/release.js'
import {PressroomError} from '../../src/report/pressroom-error.js'
import {runFeedparser} from '../support/run-feedparser.js'
import {testConfig} from '../support/test-config.js'
import {listFiles, makeTempDir, readText, removeTempDirs, writeFeedsToTemp} from './feed-files.js'
import {sampleNewsroom} from './sample-newsroom.js'

const config = testConfig({description: 'Releases from the harbour and the grid.', feedImage: 'https://newsroom.example.com/logo.png', publisher: {name: 'Northwind Energy Systems', url: 'https://northwind.example'}})
const now = Date.parse('2025-09-16T18:00:00Z')

afterEach(removeTempDirs)

const rssFiles = (files: string[]) => files.filter((file) => file.endsWith('.xml') && file !== 'news-sitemap.xml')

describe('writeFeeds', () => {
  it('should write the site-wide feed, a feed per tag and per language, the JSON Feed and the news sitemap', async () => {
    const outDir = await writeFeedsToTemp(config, sampleNewsroom(), now)
    expect(await listFiles(outDir)).toEqual([
      'feed.json',
      'languages/en/rss.xml',
      'languages/zh-cn/rss.xml',
      'news-sitemap.xml',
      'rss.xml',
      'tags/energy/rss.xml',
      'tags/finance/rss.xml',
      'tags/ports/rss.xml',
      'tags/tenders/rss.xml'
    ])
    const energy = await new Parser().parseString(await readText(outDir, 'tags/energy/rss.xml'))
    expect(energy.items.map((item) => item.guid)).toEqual([
      'https://newsroom.example.com/releases/2025-09-16-grid-storage-tender/',
      'https://newsroom.example.com/releases/2025-09-15-changzhou-green-dialogue/'
    ])
    expect(energy.link).toBe('https://newsroom.example.com/tags/energy/')
  })

  it('should write every RSS feed so that an XML parser and rss-parser read a guid, link, title and date on every item', async () => {
    const releases = sampleNewsroom()
    const outDir = await writeFeedsToTemp(config, releases, now)
    const timestamps = new Map(releases.map((release) => [release.url, release.timestamp]))
    for (const file of rssFiles(await listFiles(outDir))) {
      const xml = await readText(outDir, file)
      expect(XMLValidator.validate(xml), file).toBe(true)
      const feed = await new Parser().parseString(xml)
      expect(feed.feedUrl, file).toBe(`https://newsroom.example.com/${file}`)
      expect(feed.items.length, file).toBeGreaterThan(0)
      for (const item of feed.items) {
        expect(item.title, file).toBeTruthy()
        expect(item.link, file).toMatch(/^https:\/\/newsroom\.example\.com\/releases\//)
        expect(item.guid, file).toBe(item.link)
        expect(Date.parse(item.isoDate ?? ''), file).toBe(timestamps.get(item.link ?? ''))
      }
    }
  })

  it('should have Python feedparser read every RSS feed without bozo and with each date in UTC', async () => {
    const releases = sampleNewsroom()
    const outDir = await writeFeedsToTemp(config, releases, now)
    const files = rssFiles(await listFiles(outDir))
    expect(files).toHaveLength(7)
    for (const file of files) {
      const result = runFeedparser(join(outDir, file))
      expect({file, bozo: result.bozo, exception: result.bozoException}).toEqual({file, bozo: false, exception: null})
      expect(result.version).toBe('rss20')
      for (const entry of result.entries) {
        const release = releases.find((candidate) => candidate.url === entry.id)
        expect(release, `${file}: ${entry.id}`).toBeDefined()
        expect(entry.link).toBe(release?.url)
        expect(entry.author).toBe(release?.source.name)
        const utc = new Date(release?.timestamp ?? 0)
        expect(entry.publishedParsed?.slice(0, 6)).toEqual([utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds()])
      }
    }
  })

  it('should write each item with its own offset, categories, creator, content and Media RSS', async () => {
    const outDir = await writeFeedsToTemp(config, sampleNewsroom(), now)
    const xml = await readText(outDir, 'rss.xml')
    expect(xml).toContain('<pubDate>Tue, 16 Sep 2025 09:15:00 -0500</pubDate>')
    expect(xml).toContain('<pubDate>Mon, 15 Sep 2025 00:30:00 +0800</pubDate>')
    expect(xml).toContain('<pubDate>Sun, 14 Sep 2025 22:00:00 -0500</pubDate>')
    expect(xml.match(/<pubDate>/g)).toHaveLength(3)
    expect(xml).toContain('<lastBuildDate>Tue, 16 Sep 2025 09:15:00 -0500</lastBuildDate>')
    expect(xml).toContain('<media:content url="https://newsroom.example.com/media/storage-site.jpg" medium="image" type="image/jpeg" fileSize="48213">')
    expect(xml).toContain('<enclosure url="https://newsroom.example.com/media/storage-site.jpg" length="48213" type="image/jpeg"/>')
    expect(xml).toContain('<media:content url="https://cdn.example.net/dialogue.mp4" medium="video" type="video/mp4">')
    expect(xml.match(/<enclosure /g)).toHaveLength(1)
    expect(xml).toContain('<image>\n      <url>https://newsroom.example.com/logo.png</url>')
    const feed = await new Parser({customFields: {item: ['content:encoded']}}).parseString(xml)
    const results = feed.items.find((item) => item.link?.endsWith('-quarterly-results/'))
    expect(results?.categories).toEqual(['finance'])
    expect(results?.creator).toBe('Port Energy Alliance')
    expect(results?.contentSnippet).toBe('Revenue rose 12 % & margins held.')
    expect((results as Record<string, unknown> | undefined)?.['content:encodedSnippet']).toMatch(/Source: Port Energy Alliance$/)
    expect(results?.['content:encoded']).toContain('<strong class="dateline">HOUSTON, Texas, Sept. 14, 2025 (GLOBE NEWSWIRE) --</strong>')
  })

  it('should make relative links and image paths in the content absolute', async () => {
    const outDir = await writeFeedsToTemp(config, sampleNewsroom(), now)
    const feed = await new Parser().parseString(await readText(outDir, 'rss.xml'))
    const content: string = feed.items.find((item) => item.link?.endsWith('-quarterly-results/'))?.['content:encoded'] ?? ''
    expect(content).toContain('<a href="https://newsroom.example.com/reports/q3.pdf">')
    expect(content).toContain('<img src="https://newsroom.example.com/releases/charts/q3.png" alt="Chart">')
    expect(content).toContain('<a href="https://newsroom.example.com/releases/2025-09-14-quarterly-results/#outlook">')
    expect(content).not.toMatch(/(href|src)="(?!https:)/)
  })

  it('should give each language its own feed with its language, and share one feed among tags with one slug', async () => {
    const releases = sampleNewsroom()
    const outDir = await writeFeedsToTemp(config, releases, now)
    const chinese = await new Parser().parseString(await readText(outDir, 'languages/zh-cn/rss.xml'))
    expect(chinese.language).toBe('zh-CN')
    expect(chinese.items.map((item) => item.link)).toEqual([releases[1]?.url])
    const english = await new Parser().parseString(await readText(outDir, 'languages/en/rss.xml'))
    expect(english.items.map((item) => item.link)).toEqual([releases[0]?.url, releases[2]?.url])
    // `Energy` and `energy` share /tags/energy/; the spelling of the newest release names the feed.
    const energy = await new Parser().parseString(await readText(outDir, 'tags/energy/rss.xml'))
    expect(energy.title).toBe('Example Newsroom: Energy')
    const twice = await writeFeedsToTemp(config, [{...releases[0]!, tags: ['Energy', 'energy']}], now)
    expect((await new Parser().parseString(await readText(twice, 'tags/energy/rss.xml'))).items).toHaveLength(1)
    expect(await listFiles(twice)).not.toContain('languages/en/rss.xml')
  })

  it('should write nothing when a release date cannot be formatted', async () => {
    const broken = sampleNewsroom().map((release, index) => (index === 2 ? {...release, timestamp: Number.NaN} : release))
    const outDir = await makeTempDir()
    await expect(writeFeeds({config, releases: broken, outDir, now})).rejects.toThrow(PressroomError)
    expect(await listFiles(outDir)).toEqual([])
  })

  it('should write only the newest feedSize items', async () => {
    const outDir = await writeFeedsToTemp(testConfig({feedSize: 2}), sampleNewsroom(), now)
    const feed = await new Parser().parseString(await readText(outDir, 'rss.xml'))
    expect(feed.items.map((item) => item.link?.split('/')[4])).toEqual(['2025-09-16-grid-storage-tender', '2025-09-15-changzhou-green-dialogue'])
    const json = JSON.parse(await readText(outDir, 'feed.json')) as JsonFeed
    expect(json.items).toHaveLength(2)
  })

  it('should keep every guid when a release title and body are edited', async () => {
    const before = await writeFeedsToTemp(config, sampleNewsroom(), now)
    const edited = sampleNewsroom().map((release) => ({...release, title: `${release.title} (corrected)`, body: {html: `${releaseHtml(release)}<p>Update.</p>`}, summary: 'Fixed a typo.'}))
    const after = await writeFeedsToTemp(config, edited, now)
    for (const file of rssFiles(await listFiles(before))) {
      const guids = async (dir: string) => (await new Parser().parseString(await readText(dir, file))).items.map((item) => item.guid)
      expect(await guids(after), file).toEqual(await guids(before))
    }
    const ids = async (dir: string) => (JSON.parse(await readText(dir, 'feed.json')) as JsonFeed).items.map((item) => item.id)
    expect(await ids(after)).toEqual(await ids(before))
    expect(await readText(after, 'rss.xml')).toContain('(corrected)')
  })

  it('should write byte-identical feeds for identical input, whatever the clock says', async () => {
    const first = await writeFeedsToTemp(config, sampleNewsroom(), now)
    const second = await writeFeedsToTemp(config, sampleNewsroom(), now)
    const files = await listFiles(first)
    expect(await listFiles(second)).toEqual(files)
    for (const file of files) expect((await readFile(join(second, file))).equals(await readFile(join(first, file))), file).toBe(true)
    // Only the news sitemap depends on the clock; every feed stays the same an hour later.
    const later = await writeFeedsToTemp(config, sampleNewsroom(), now + 60 * 60 * 1000)
    for (const file of files.filter((name) => name !== 'news-sitemap.xml')) expect(await readText(later, file), file).toBe(await readText(first, file))
  })

  it('should advertise every WebSub hub and the self link in the site-wide RSS feed and JSON Feed, and no hub elsewhere', async () => {
    const hubs = ['https://hub.example.net/', 'https://pubsubhubbub.example.org/publish']
    const outDir = await writeFeedsToTemp({...config, websub: {hubs}}, sampleNewsroom(), now)
    const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'atom:link'})
    const linksOf = async (file: string) => (parser.parse(await readText(outDir, file)) as {rss: {channel: {'atom:link': Array<{href: string; rel: string}>}}}).rss.channel['atom:link']
    expect(await linksOf('rss.xml')).toEqual([
      {href: 'https://newsroom.example.com/rss.xml', rel: 'self', type: 'application/rss+xml'},
      {href: hubs[0], rel: 'hub'},
      {href: hubs[1], rel: 'hub'}
    ])
    expect(await linksOf('tags/energy/rss.xml')).toEqual([{href: 'https://newsroom.example.com/tags/energy/rss.xml', rel: 'self', type: 'application/rss+xml'}])
    const json = JSON.parse(await readText(outDir, 'feed.json')) as JsonFeed
    expect(json.hubs).toEqual(hubs.map((url) => ({type: 'WebSub', url})))
    expect(json.feed_url).toBe('https://newsroom.example.com/feed.json')
  })

  it('should write no hub when the config names none', async () => {
    const outDir = await writeFeedsToTemp(config, sampleNewsroom(), now)
    expect(await readText(outDir, 'rss.xml')).not.toContain('rel="hub"')
    expect(JSON.parse(await readText(outDir, 'feed.json'))).not.toHaveProperty('hubs')
  })

  it('should match the golden feeds of the sample newsroom', async () => {
    const outDir = await writeFeedsToTemp(config, sampleNewsroom(), now)
    for (const file of ['rss.xml', 'tags/energy/rss.xml', 'feed.json', 'news-sitemap.xml']) {
      await expect(await readText(outDir, file)).toMatchFileSnapshot(`../fixtures/feeds/sample-newsroom/${file}`)
    }
  })
})
