import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {parse} from 'parse5'
import {validateXML} from 'xmllint-wasm'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {byTag, findAll} from '../support/html-dom.js'
import {runCli} from '../support/run-cli.js'

const fixture = join(import.meta.dirname, '../fixtures/topics-newsroom')
const schemaDir = join(import.meta.dirname, '../fixtures/newsml-g2')
const schemaName = 'NewsML-G2_2.35-spec-All-Power.xsd'
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-newsml-'))
  cpSync(fixture, dir, {recursive: true})
  const result = runCli(['build', '--now', '2025-09-20T12:00:00Z'], {cwd: dir})
  expect(result.status, result.stderr).toBe(0)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const out = (path: string) => readFileSync(join(dir, 'out', path), 'utf8')
const attr = (element: {attrs: Array<{name: string; value: string}>}, name: string) => element.attrs.find((a) => a.name === name)?.value
const xml = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['category', 'item', 'subject'].includes(name)})

/** Validate one document against IPTC's NewsML-G2 schema (and the xml.xsd it imports) with libxml2 compiled to wasm. */
async function validate(fileName: string, contents: string) {
  return validateXML({
    xml: [{fileName, contents}],
    schema: [{fileName: schemaName, contents: readFileSync(join(schemaDir, schemaName), 'utf8')}],
    preload: [{fileName: 'xml.xsd', contents: readFileSync(join(schemaDir, 'xml.xsd'), 'utf8')}],
    maxMemoryPages: 4096
  })
}

describe('NewsML-G2 output', () => {
  it('should write one news item per published release and a news message, nothing of drafts or embargoed releases', () => {
    expect(readdirSync(join(dir, 'out', 'newsml')).sort()).toEqual(['2025-09-15-changzhou-plant.xml', '2025-09-18-berlin-office.xml', 'news-message.xml'])
  })

  it('should write files that validate against the NewsML-G2 2.35 XSD', async () => {
    const files = readdirSync(join(dir, 'out', 'newsml')).sort()
    for (const name of files) {
      const result = await validate(name, out(`newsml/${name}`))
      expect(result.errors.map((error) => error.rawMessage), name).toEqual([])
      expect(result.valid, name).toBe(true)
    }
  })

  it('should catch an item the XSD refuses, so a passing validation means something', async () => {
    const broken = out('newsml/2025-09-18-berlin-office.xml').replace('<itemClass qcode="ninat:text"/>', '')
    const result = await validate('broken.xml', broken)
    expect(result.valid).toBe(false)
  })

  it('should carry guid, version, class, dates, place, source, subjects, headline, dateline and the body as XHTML', () => {
    const item = xml.parse(out('newsml/2025-09-15-changzhou-plant.xml')).newsItem
    expect(item['@guid']).toBe('tag:news.acme.example,2025-09-15:pressroom/2025-09-15-changzhou-plant')
    expect(item['@version']).toBe('1')
    expect(item.itemMeta.itemClass['@qcode']).toBe('ninat:text')
    // The ledger was empty, so the release is taken as public from its own date.
    expect(item.itemMeta.firstCreated).toBe('2025-09-15T00:00:00.000Z')
    expect(item.contentMeta.located.name).toBe('CHANGZHOU, China')
    expect(item.contentMeta.infoSource['@uri']).toBe('https://acme.example')
    expect(item.contentMeta.subject.map((subject: {'@qcode': string}) => subject['@qcode'])).toEqual(['medtop:20000209', 'medtop:04000000', 'medtop:20000436'])
    expect(item.contentMeta.headline).toBe('Acme opens its Changzhou battery plant')
    expect(item.contentMeta.dateline).toBe('CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --')
    const body = out('newsml/2025-09-15-changzhou-plant.xml')
    expect(body).toContain('<br/>with a line break')
    expect(body).toMatch(/<input type="checkbox" checked="" disabled=""\/>/)
  })
})

describe('NewsML-G2 versions', () => {
  it('should number an edited release as its next version in the ledger, and leave the others at theirs', () => {
    const copy = mkdtempSync(join(tmpdir(), 'pressroom-newsml-versions-'))
    try {
      cpSync(fixture, copy, {recursive: true})
      const build = (now: string) => {
        const result = runCli(['build', '--now', now], {cwd: copy})
        expect(result.status, result.stderr).toBe(0)
      }
      const item = (id: string) => xml.parse(readFileSync(join(copy, 'out', 'newsml', `${id}.xml`), 'utf8')).newsItem
      build('2025-09-20T12:00:00Z')
      const file = join(copy, 'releases', '2025-09-15-changzhou-plant.md')
      writeFileSync(file, readFileSync(file, 'utf8').replace('400 jobs', '450 jobs'))
      build('2025-09-21T09:30:00Z')
      const edited = item('2025-09-15-changzhou-plant')
      expect([edited['@version'], edited.itemMeta.firstCreated, edited.itemMeta.versionCreated]).toEqual(['2', '2025-09-15T00:00:00.000Z', '2025-09-21T09:30:00.000Z'])
      const guid = edited['@guid']
      expect(guid).toBe('tag:news.acme.example,2025-09-15:pressroom/2025-09-15-changzhou-plant')
      expect(item('2025-09-18-berlin-office')['@version']).toBe('1')
      const message = xml.parse(readFileSync(join(copy, 'out', 'newsml', 'news-message.xml'), 'utf8')).newsMessage
      expect(message.header.sent).toBe('2025-09-21T09:30:00.000Z')
    } finally {
      rmSync(copy, {recursive: true, force: true})
    }
  })
})

describe('IPTC Media Topics in the outputs', () => {
  it('should show the topics on the release page, linked to their IPTC URIs', () => {
    const document = parse(out('releases/2025-09-15-changzhou-plant/index.html'))
    const list = findAll(document, (element) => element.tagName === 'ul' && attr(element, 'class') === 'topics')[0]
    expect(list).toBeDefined()
    const links = byTag(list as never, 'a').map((a) => [attr(a, 'href'), (a.childNodes[0] as {value: string}).value])
    expect(links).toEqual([
      ['http://cv.iptc.org/newscodes/mediatopic/20000209', 'economic sector'],
      ['http://cv.iptc.org/newscodes/mediatopic/04000000', 'economy, business and finance'],
      ['http://cv.iptc.org/newscodes/mediatopic/20000436', 'renewable energy']
    ])
    const page = parse(out('releases/2025-09-18-berlin-office/index.html'))
    expect(findAll(page, (element) => attr(element, 'class') === 'topics')).toEqual([])
  })

  it('should name them in the JSON-LD as `about`, with their URIs', () => {
    const document = parse(out('releases/2025-09-15-changzhou-plant/index.html'))
    const script = findAll(document, (element) => element.tagName === 'script' && attr(element, 'type') === 'application/ld+json')[0]
    const article = JSON.parse((script?.childNodes[0] as {value: string}).value) as {about: Array<Record<string, string>>}
    expect(article.about[0]).toEqual({'@type': 'DefinedTerm', '@id': 'http://cv.iptc.org/newscodes/mediatopic/20000209', name: 'economic sector', termCode: 'medtop:20000209', inDefinedTermSet: 'http://cv.iptc.org/newscodes/mediatopic/'})
  })

  it('should put them in RSS as categories with the scheme as domain, beside the tags, and in the JSON Feed', () => {
    const items = xml.parse(out('rss.xml')).rss.channel.item as Array<{title: string; category: Array<string | {'#text': string; '@domain': string}>}>
    const plant = items.find((item) => item.title === 'Acme opens its Changzhou battery plant')
    expect(plant?.category).toEqual([
      'manufacturing',
      {'#text': 'economic sector', '@domain': 'http://cv.iptc.org/newscodes/mediatopic/'},
      {'#text': 'economy, business and finance', '@domain': 'http://cv.iptc.org/newscodes/mediatopic/'},
      {'#text': 'renewable energy', '@domain': 'http://cv.iptc.org/newscodes/mediatopic/'}
    ])
    const feed = JSON.parse(out('feed.json')) as {items: Array<{title: string; tags?: string[]; _iptc?: {media_topics: Array<{qcode: string}>}}>}
    const item = feed.items.find((entry) => entry.title === 'Acme opens its Changzhou battery plant')
    expect(item?.tags).toEqual(['manufacturing'])
    expect(item?._iptc?.media_topics.map((topic) => topic.qcode)).toEqual(['medtop:20000209', 'medtop:04000000', 'medtop:20000436'])
  })
})
