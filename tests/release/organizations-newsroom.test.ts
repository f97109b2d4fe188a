import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {attr, byTag, findAll, parseHtml, textOf, type Element} from '../support/html-dom.js'
import {runCli} from '../support/run-cli.js'
import {runFeedparser} from '../support/run-feedparser.js'

const fixture = join(import.meta.dirname, '../fixtures/organizations-newsroom')
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-orgs-'))
  cpSync(fixture, dir, {recursive: true})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const now = '2025-09-20T12:00:00Z'
const build = () => runCli(['build', '--now', now], {cwd: dir, env: {PRESSROOM_STATS: '1'}})
const renderedOf = (stderr: string) => (JSON.parse(/^pressroom-stats (.*)$/m.exec(stderr)?.[1] ?? 'null') as {rendered: number}).rendered
const releasePage = (id: string) => parseHtml(readFileSync(join(dir, 'out/releases', id, 'index.html'), 'utf8'))
const bodyOf = (id: string) => findAll(releasePage(id), (element) => attr(element, 'class') === 'release-body')[0] as Element
/** The top-level blocks of a release body: `p`, or the class of a section and the organization it is of. */
function blocksOf(id: string): string[] {
  return (bodyOf(id).childNodes as Element[])
    .filter((node) => node.nodeName === 'section' || node.nodeName === 'p')
    .map((node) => (node.nodeName === 'section' ? `${attr(node, 'class')}:${attr(node, 'data-organization') ?? ''}` : (attr(node, 'class') ?? 'p')))
}

describe('organizations, end to end', () => {
  it('should close a joint release in wire order: body, each About, forward-looking statements, contacts, then Source', () => {
    const result = build()
    expect(result.stderr).not.toMatch(/error/)
    expect(result.status).toBe(0)
    const body = bodyOf('2025-09-15-shore-batteries')
    expect(blocksOf('2025-09-15-shore-batteries')).toEqual(['p', 'p', 'about-organization:nordlicht', 'about-organization:harbourline', 'forward-looking:nordlicht', 'media-contacts:', 'source'])
    const headings = byTag(body, 'h2').map(textOf)
    expect(headings).toEqual(['About Nordlicht Batteries AG', 'About Harbourline Ferries Ltd.', 'Forward-looking statements', 'Media contacts'])
    const contacts = findAll(body, (element) => attr(element, 'class') === 'media-contact').map(textOf)
    expect(contacts).toEqual([
      'Greta SommerHead of Communications, Nordlicht Batteries AGpress@nordlicht.example+49 30 5550 0100',
      'Tomas ReyesMedia Relations, Harbourline Ferries Ltd.media@harbourline.example'
    ])
    expect(byTag(body, 'a').map((a) => attr(a, 'href'))).toContain('tel:+493055500100')
    expect(blocksOf('2025-09-05-new-route')).toEqual(['p', 'about-organization:harbourline', 'media-contacts:', 'source'])
    expect(blocksOf('2025-09-01-plain')).toEqual(['p', 'source'])
  })

  it('should print tickers after the first mention in the lead, once, and not where the writer gave them', () => {
    expect(build().status).toBe(0)
    const lede = (id: string) => textOf(byTag(bodyOf(id), 'p')[0] as Element)
    expect(lede('2025-09-15-shore-batteries')).toBe(
      'HAMBURG, Germany, Sept. 15, 2025 (GLOBE NEWSWIRE) -- Nordlicht Batteries AG (XETRA: NLB; OTCQX: NLBTY) and Harbourline Ferries today agreed to equip every ferry berth of the estuary with storage.'
    )
    expect(lede('2025-09-10-second-plant')).toBe('COTTBUS, Germany, Sept. 10, 2025 (GLOBE NEWSWIRE) -- Nordlicht Batteries (XETRA: NLB) today opened its second plant in Cottbus.')
    // Harbourline lists no ticker: its lead stays as written.
    expect(lede('2025-09-05-new-route')).toBe('HAMBURG, Germany, Sept. 5, 2025 (GLOBE NEWSWIRE) -- Harbourline Ferries will run a night route from October.')
  })

  it('should carry the organizations in JSON-LD, RSS and JSON Feed', () => {
    expect(build().status).toBe(0)
    const script = findAll(releasePage('2025-09-15-shore-batteries'), (element) => attr(element, 'type') === 'application/ld+json')[0] as Element
    const article = JSON.parse(textOf(script)) as Record<string, unknown>
    expect(article.publisher).toEqual({
      '@type': 'Corporation',
      name: 'Nordlicht Batteries AG',
      url: 'https://nordlicht.example',
      logo: {'@type': 'ImageObject', url: 'https://news.acme.example/press/media/nordlicht-logo.png'},
      tickerSymbol: ['XETRA: NLB', 'OTCQX: NLBTY']
    })
    expect((article.sourceOrganization as Array<{name: string}>).map((organization) => organization.name)).toEqual(['Nordlicht Batteries AG', 'Harbourline Ferries Ltd.'])
    const plain = JSON.parse(textOf(findAll(releasePage('2025-09-01-plain'), (element) => attr(element, 'type') === 'application/ld+json')[0] as Element)) as Record<string, unknown>
    expect(plain.sourceOrganization).toEqual({'@type': 'Organization', name: 'Port Authority'})

    const rss = new XMLParser({ignoreAttributes: false, isArray: (name) => name === 'item' || name === 'dc:publisher'}).parse(readFileSync(join(dir, 'out/rss.xml'), 'utf8')) as {
      rss: {channel: {item: Array<{link: string; 'dc:publisher'?: string[]}>}}
    }
    const publishers = Object.fromEntries(rss.rss.channel.item.map((item) => [item.link.split('/').at(-2), item['dc:publisher'] ?? []]))
    expect(publishers).toEqual({
      '2025-09-15-shore-batteries': ['Nordlicht Batteries AG', 'Harbourline Ferries Ltd.'],
      '2025-09-10-second-plant': ['Nordlicht Batteries AG'],
      '2025-09-05-new-route': ['Harbourline Ferries Ltd.'],
      '2025-09-01-plain': []
    })
    const feed = JSON.parse(readFileSync(join(dir, 'out/feed.json'), 'utf8')) as {items: Array<{id: string; authors: Array<{name: string}>; _pressroom?: {organizations: Array<{tickers: string[]}>}}>}
    const joint = feed.items.find((item) => item.id.endsWith('/2025-09-15-shore-batteries/'))
    expect(joint?.authors.map((author) => author.name)).toEqual(['Nordlicht Batteries AG', 'Harbourline Ferries Ltd.'])
    expect(joint?._pressroom?.organizations.map((organization) => organization.tickers)).toEqual([['XETRA: NLB', 'OTCQX: NLBTY'], []])
  })

  it('should give each organization a page listing its releases and a feed of its own', () => {
    expect(build().status).toBe(0)
    const page = parseHtml(readFileSync(join(dir, 'out/organizations/harbourline/index.html'), 'utf8'))
    expect(byTag(page, 'h1').map(textOf)).toEqual(['Harbourline Ferries Ltd.'])
    expect(findAll(page, (element) => attr(element, 'class')?.startsWith('release-item') === true).map((item) => attr(byTag(item, 'a')[0] as Element, 'href'))).toEqual([
      '/press/releases/2025-09-15-shore-batteries/',
      '/press/releases/2025-09-05-new-route/'
    ])
    const feedLink = findAll(page, (element) => element.nodeName === 'link' && attr(element, 'title') === 'Acme Newsroom: Harbourline Ferries Ltd. (RSS)')
    expect(feedLink.map((link) => attr(link, 'href'))).toEqual(['https://news.acme.example/press/organizations/harbourline/rss.xml'])
    const feed = runFeedparser(join(dir, 'out/organizations/harbourline/rss.xml'))
    expect(feed.bozo).toBe(false)
    expect(feed.entries.map((entry) => entry.link)).toEqual([
      'https://news.acme.example/press/releases/2025-09-15-shore-batteries/',
      'https://news.acme.example/press/releases/2025-09-05-new-route/'
    ])
    expect(runFeedparser(join(dir, 'out/rss.xml')).bozo).toBe(false)
    expect(readFileSync(join(dir, 'out/sitemap.xml'), 'utf8')).toContain('<loc>https://news.acme.example/press/organizations/nordlicht/</loc>')
  })

  it('should use the language variant of an organization for a release in that language, under a heading in that language', () => {
    const path = join(dir, 'releases/2025-09-10-second-plant.md')
    writeFileSync(path, readFileSync(path, 'utf8').replace('organization: nordlicht', 'organization: nordlicht\nlanguage: de'))
    expect(build().status).toBe(0)
    const about = findAll(bodyOf('2025-09-10-second-plant'), (element) => attr(element, 'class') === 'about-organization').map(textOf)
    expect(about).toEqual(['Über Nordlicht Batteries AGNordlicht Batteries stellt Natrium-Ionen-Speicher für Häfen und Bahnbetriebshöfe her.'])
  })

  it('should report an unknown organization at its line with the nearest known one, in check and build', () => {
    const path = join(dir, 'releases/2025-09-05-new-route.md')
    writeFileSync(path, readFileSync(path, 'utf8').replace('organization: harbourline', 'organization: harbourlin'))
    for (const args of [['check'], ['build', '--now', now]]) {
      const result = runCli(args, {cwd: dir})
      expect(result.status).toBe(1)
      expect(result.stderr).toContain('releases/2025-09-05-new-route.md')
      expect(result.stderr).toMatch(/^\s*6:15\s+error\s+Unexpected organization `harbourlin`, did you mean `harbourline`\?\s+organization-unknown/m)
    }
  })

  it('should report a bad organization file at its line in check', () => {
    writeFileSync(join(dir, 'organizations/harbourline.md'), '---\nname: Harbourline Ferries Ltd.\ntickers: ["acme"]\n---\nText.\n')
    const result = runCli(['check'], {cwd: dir})
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('organizations/harbourline.md')
    expect(result.stderr).toMatch(/^\s*3:11\s+error\s+Unexpected ticker `acme`, expected `EXCHANGE: SYMBOL`/m)
  })

  it('should render again exactly the releases that name an edited organization, and see the edit in a no-op check', () => {
    const cold = build()
    expect(cold.status).toBe(0)
    expect(renderedOf(cold.stderr)).toBe(4)
    const warm = build()
    expect(warm.stdout).toContain('nothing changed')
    const path = join(dir, 'organizations/harbourline.md')
    writeFileSync(path, readFileSync(path, 'utf8').replace('twelve electric ferries', 'fourteen electric ferries'))
    const edited = build()
    expect(edited.stdout).not.toContain('nothing changed')
    expect(renderedOf(edited.stderr)).toBe(2)
    for (const id of ['2025-09-15-shore-batteries', '2025-09-05-new-route']) expect(textOf(bodyOf(id))).toContain('fourteen electric ferries')
    expect(renderedOf(build().stderr)).toBe(0)
  })
})
