import {cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import type {Browser} from 'playwright-core'
import {validateXML} from 'xmllint-wasm'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checkHtml, formatHtmlProblems} from '../support/check-html.js'
import {attr, byTag, findAll, parseHtml} from '../support/html-dom.js'
import {launchChromium} from '../support/launch-chromium.js'
import {readTree} from '../support/read-tree.js'
import {runCli} from '../support/run-cli.js'
import {runFeedparser} from '../support/run-feedparser.js'
import {serveFolder} from '../support/serve-folder.js'

// Everything issue #23 added, in one newsroom: two organizations (one with a German variant, tickers, contacts and
// forward-looking statements), a joint release, an English release with German and Chinese translations, Media
// Topics on several releases and a correction. Built by the real CLI and read back with real parsers and checkers.
const fixture = fileURLToPath(new URL('../fixtures/wire-newsroom/', import.meta.url))
const schemaDir = fileURLToPath(new URL('../fixtures/newsml-g2/', import.meta.url))
const schemaName = 'NewsML-G2_2.35-spec-All-Power.xsd'
const artifacts = fileURLToPath(new URL('../artifacts/wire-newsroom/', import.meta.url))
const origin = 'https://newsroom.ostwind.example'
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

let dir = ''
let out = ''
let build = {status: null as number | null, stdout: '', stderr: ''}
let files = new Map<string, string>()
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-wire-'))
  cpSync(fixture, dir, {recursive: true})
  build = runCli(['build', '--now', '2026-03-10T12:00:00Z'], {cwd: dir})
  // out/ is a link to the build it swapped in: check the real folder, so vnu sees the files.
  out = realpathSync(join(dir, 'out'))
  files = new Map([...readTree(out)].map(([path, bytes]) => [path, bytes.toString('utf8')]))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const pages = () => [...files].filter(([path]) => path.endsWith('.html'))
const releasePages = () => pages().filter(([path]) => path.startsWith('releases/'))
const pathOf = (url: string) => new URL(url).pathname.slice(1) + 'index.html'

/** The page's JSON-LD `NewsArticle`, parsed. */
function jsonLd(html: string): Record<string, unknown> {
  const scripts = findAll(parseHtml(html), (element) => element.tagName === 'script' && attr(element, 'type') === 'application/ld+json')
  expect(scripts).toHaveLength(1)
  return JSON.parse((scripts[0]!.childNodes[0] as {value: string}).value) as Record<string, unknown>
}

describe('the wire-complete fixture newsroom', () => {
  it('should build without a warning or an error', () => {
    expect(build.status, build.stderr).toBe(0)
    expect(build.stderr).toBe('')
    expect(releasePages().map(([path]) => path).sort()).toEqual([
      'releases/2026-02-16-night-train-timetable/index.html',
      'releases/2026-03-02-depot-storage-partnership/index.html',
      'releases/2026-03-09-annual-results/index.html',
      'releases/2026-03-09-jahresergebnis/index.html',
      'releases/2026-03-09-niandu-yeji/index.html'
    ])
    expect(files.has('organizations/ostwind/index.html') && files.has('organizations/kestrel-rail/index.html')).toBe(true)
  })

  it('should find no error in any page or the stylesheet with the Nu HTML checker', () => {
    expect(pages().length).toBeGreaterThanOrEqual(12)
    const problems = checkHtml(['--skip-non-html', '--also-check-css', out])
    expect(problems, formatHtmlProblems(problems)).toEqual([])
  }, 120_000)

  it('should give every page reciprocal hreflang sets: each member lists all members, itself and x-default', () => {
    const sets = new Map<string, Map<string, string>>()
    for (const [path, html] of pages()) {
      const links = byTag(parseHtml(html), 'link').filter((link) => attr(link, 'rel') === 'alternate' && attr(link, 'hreflang') !== undefined)
      if (links.length > 0) sets.set(path, new Map(links.map((link) => [attr(link, 'hreflang')!, attr(link, 'href')!])))
    }
    expect([...sets.keys()].sort()).toEqual(['releases/2026-03-09-annual-results/index.html', 'releases/2026-03-09-jahresergebnis/index.html', 'releases/2026-03-09-niandu-yeji/index.html'])
    for (const [path, set] of sets) {
      expect([...set.keys()].sort(), path).toEqual(['de', 'en', 'x-default', 'zh-Hans'])
      expect(set.get('x-default'), path).toBe(`${origin}/releases/2026-03-09-annual-results/`)
      for (const [hreflang, url] of set) {
        if (hreflang === 'x-default') continue
        // The page a link points at is in the language the link claims, and links back with the very same set.
        const target = pathOf(url)
        expect(attr(byTag(parseHtml(files.get(target) ?? ''), 'html')[0]!, 'lang'), `${path} -> ${url}`).toBe(hreflang)
        expect(sets.get(target), `${path} -> ${url}`).toEqual(set)
      }
      const self = [...set].find(([hreflang, url]) => hreflang !== 'x-default' && pathOf(url) === path)
      expect(self, `${path} lists itself`).toBeDefined()
    }
  })

  it('should head the closing blocks and the subjects in the page language, the English page as wires print it', () => {
    const headings = (path: string) =>
      findAll(parseHtml(files.get(path) ?? ''), (element) => element.tagName === 'h2' && !(attr(element, 'class') ?? '').includes('visually-hidden'))
        .map((h2) => (h2.childNodes[0] as {value: string}).value)
        .filter((text) => text !== undefined)
    // The article's closing blocks and subjects, then the side column's: other languages, contacts, the organization, sharing.
    expect(headings('releases/2026-03-09-annual-results/index.html')).toEqual(['About Ostwind Speicher AG', 'Forward-looking statements', 'Media contacts', 'Subjects', 'Other languages', 'Media contacts', 'About Ostwind Speicher AG', 'Share'])
    expect(headings('releases/2026-03-09-jahresergebnis/index.html')).toEqual(['Über Ostwind Speicher AG', 'Zukunftsgerichtete Aussagen', 'Pressekontakt', 'Sachgebiete', 'Andere Sprachen', 'Pressekontakt', 'Über Ostwind Speicher AG', 'Teilen'])
    expect(headings('releases/2026-03-09-niandu-yeji/index.html')).toEqual(['关于 Ostwind Speicher AG', '前瞻性陈述', '媒体联系人', '主题分类', '其他语言', '媒体联系人', '关于 Ostwind Speicher AG', '分享'])
  })

  it('should print the Chinese source line without a space after its full-width colon, and the others with one', () => {
    const source = (path: string) => findAll(parseHtml(files.get(path) ?? ''), (element) => attr(element, 'class') === 'source').map((element) => (element.childNodes[0] as {value: string}).value)
    expect(source('releases/2026-03-09-niandu-yeji/index.html')).toEqual(['来源：Ostwind Speicher AG'])
    expect(source('releases/2026-03-09-jahresergebnis/index.html')).toEqual(['Quelle: Ostwind Speicher AG'])
    expect(source('releases/2026-03-09-annual-results/index.html')).toEqual(['Source: Ostwind Speicher AG'])
  })

  it('should put JSON-LD on every release page with publisher, tickerSymbol where the organization has tickers, about and inLanguage', () => {
    const expected: Record<string, {publisher: string; tickers: string[] | undefined; about: string[]; language: string}> = {
      'releases/2026-02-16-night-train-timetable/index.html': {publisher: 'Kestrel Rail Ltd.', tickers: undefined, about: ['medtop:20000340'], language: 'en'},
      'releases/2026-03-02-depot-storage-partnership/index.html': {publisher: 'Ostwind Speicher AG', tickers: ['XETRA: OWS', 'OTCQX: OWSPY'], about: ['medtop:20000340', 'medtop:20000436'], language: 'en'},
      'releases/2026-03-09-annual-results/index.html': {publisher: 'Ostwind Speicher AG', tickers: ['XETRA: OWS', 'OTCQX: OWSPY'], about: ['medtop:20000178', 'medtop:20000261', 'medtop:04000000'], language: 'en'},
      'releases/2026-03-09-jahresergebnis/index.html': {publisher: 'Ostwind Speicher AG', tickers: ['XETRA: OWS', 'OTCQX: OWSPY'], about: ['medtop:20000178', 'medtop:20000261'], language: 'de'},
      'releases/2026-03-09-niandu-yeji/index.html': {publisher: 'Ostwind Speicher AG', tickers: ['XETRA: OWS', 'OTCQX: OWSPY'], about: ['medtop:20000178'], language: 'zh-Hans'}
    }
    for (const [path, html] of releasePages()) {
      const article = jsonLd(html) as {publisher: {name: string; tickerSymbol?: string[]}; about: Array<{termCode: string}>; inLanguage: string; sourceOrganization: unknown}
      const want = expected[path]!
      expect({
        publisher: article.publisher.name,
        tickers: article.publisher.tickerSymbol,
        about: article.about.map((term) => term.termCode),
        language: article.inLanguage
      }, path).toEqual(want)
    }
    // The joint release names both organizations as its source, the primary one first.
    const joint = jsonLd(files.get('releases/2026-03-02-depot-storage-partnership/index.html')!) as {sourceOrganization: Array<{name: string}>}
    expect(joint.sourceOrganization.map((organization) => organization.name)).toEqual(['Ostwind Speicher AG', 'Kestrel Rail Ltd.'])
    const corrected = jsonLd(files.get('releases/2026-02-16-night-train-timetable/index.html')!) as {correction: {'@type': string; text: string}}
    expect(corrected.correction).toEqual({'@type': 'CorrectionComment', text: 'An earlier version gave the departure from Leeds as 22:40; the train leaves at 23:10.'})
  })

  it('should write NewsML-G2 files that all validate against the NewsML-G2 2.35 XSD', async () => {
    const newsml = [...files].filter(([path]) => path.startsWith('newsml/'))
    expect(newsml.map(([path]) => path).sort()).toEqual([
      'newsml/2026-02-16-night-train-timetable.xml',
      'newsml/2026-03-02-depot-storage-partnership.xml',
      'newsml/2026-03-09-annual-results.xml',
      'newsml/2026-03-09-jahresergebnis.xml',
      'newsml/2026-03-09-niandu-yeji.xml',
      'newsml/news-message.xml'
    ])
    for (const [path, contents] of newsml) {
      const result = await validateXML({
        xml: [{fileName: path.slice('newsml/'.length), contents}],
        schema: [{fileName: schemaName, contents: readFileSync(join(schemaDir, schemaName), 'utf8')}],
        preload: [{fileName: 'xml.xsd', contents: readFileSync(join(schemaDir, 'xml.xsd'), 'utf8')}],
        maxMemoryPages: 4096
      })
      expect(result.errors.map((error) => error.rawMessage), path).toEqual([])
      expect(result.valid, path).toBe(true)
    }
  }, 120_000)

  it('should write well-formed feeds with one guid per item and RFC 822 dates whose weekday is right', () => {
    const feeds = [...files.keys()].filter((path) => path.endsWith('rss.xml'))
    // The site feed, one per tag and one per organization.
    expect(feeds).toEqual(expect.arrayContaining(['rss.xml', 'organizations/ostwind/rss.xml', 'organizations/kestrel-rail/rss.xml', 'tags/rail/rss.xml']))
    const xml = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'item'})
    for (const path of feeds) {
      const text = files.get(path)!
      expect(XMLValidator.validate(text), path).toBe(true)
      const items = (xml.parse(text).rss.channel.item ?? []) as Array<{guid: string | {'#text': string}; pubDate: string}>
      expect(items.length, path).toBeGreaterThan(0)
      const guids = items.map((item) => (typeof item.guid === 'string' ? item.guid : item.guid['#text']))
      expect(new Set(guids).size, path).toBe(items.length)
      for (const item of items) {
        const match = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/.exec(item.pubDate)
        expect(match, `${path}: ${item.pubDate}`).not.toBeNull()
        // The weekday must be the one of the date as written (in its own offset), not of the UTC date.
        const [, day, month, year] = /(\d\d) (\w{3}) (\d{4})/.exec(item.pubDate)!
        const written = new Date(`${day} ${month} ${year} 00:00:00 UTC`)
        expect(weekdays[written.getUTCDay()], `${path}: ${item.pubDate}`).toBe(match![1])
      }
      const parsed = runFeedparser(join(out, path))
      expect({path, bozo: parsed.bozo, exception: parsed.bozoException}).toEqual({path, bozo: false, exception: null})
      expect(parsed.entries.map((entry) => entry.id), path).toEqual(guids)
      for (const entry of parsed.entries) expect(entry.publishedParsed, `${path}: ${entry.id}`).not.toBeNull()
    }
    const json = JSON.parse(files.get('feed.json')!) as {items: Array<{id: string}>}
    expect(new Set(json.items.map((item) => item.id)).size).toBe(json.items.length)
  })
})

let browser: Browser | undefined
afterAll(() => browser?.close())

describe('the wire-complete fixture newsroom, looked at', () => {
  it('should render the joint release, an organization page and the German and Chinese translations at 1280 and 390 px without sideways scrolling', async () => {
    const server = await serveFolder(out)
    try {
      mkdirSync(artifacts, {recursive: true})
      browser = await launchChromium()
      const shots = [
        {name: 'joint-release', path: '/releases/2026-03-02-depot-storage-partnership/'},
        {name: 'organization', path: '/organizations/ostwind/'},
        {name: 'release-de', path: '/releases/2026-03-09-jahresergebnis/'},
        {name: 'release-zh', path: '/releases/2026-03-09-niandu-yeji/'},
        {name: 'correction', path: '/releases/2026-02-16-night-train-timetable/'}
      ]
      for (const width of [1280, 390]) {
        const page = await browser.newPage({viewport: {width, height: 900}})
        // Nothing leaves the machine: links and feeds point at the example hosts.
        await page.route((url) => !url.href.startsWith(server.origin), (route) => route.abort())
        for (const shot of shots) {
          const response = await page.goto(server.origin + shot.path, {waitUntil: 'load'})
          expect(response?.status(), shot.path).toBe(200)
          const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'))
          expect(scrollWidth, `${shot.name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(width)
          await page.screenshot({path: join(artifacts, `${shot.name}-${width}.png`), fullPage: true})
        }
        await page.close()
      }
    } finally {
      await server.close()
    }
  }, 120_000)
})
