import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {attr, byTag, findAll, parseHtml, textOf, type Element} from '../support/html-dom.js'
import {runCli} from '../support/run-cli.js'

const fixtures = join(import.meta.dirname, '../fixtures/import')
const now = ['--now', '2030-01-01T00:00:00Z']

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-import-'))
  cpSync(join(import.meta.dirname, '../fixtures/newsroom/pressroom.config.json'), join(dir, 'pressroom.config.json'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

/** The input's paragraphs as a reader sees them: blank lines split them, wrapped lines join, each list item apart. */
function inputParagraphs(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split(/\n\s*\n/).flatMap((block) => {
    const lines = block.split('\n').map((line) => line.trim()).filter(Boolean)
    return lines.every((line) => line.startsWith('- ')) ? lines.map((line) => line.slice(2)) : [lines.join(' ')]
  })
}

/** Split a front-matter file into its YAML data and its body. */
function readMatter(path: string): {data: Record<string, unknown>; body: string} {
  const [, yaml, body] = /^---\n([\s\S]*?)---\n([\s\S]*)$/.exec(readFileSync(path, 'utf8')) ?? []
  return {data: parseYaml(yaml ?? '') as Record<string, unknown>, body: (body ?? '').trim()}
}

/** The built page of a release: the dateline, the lede after it, the other body paragraphs and list items, the source line. */
function builtPage(id: string) {
  const document = parseHtml(readFileSync(join(dir, 'out/releases', id, 'index.html'), 'utf8'))
  const body = findAll(document, (element) => attr(element, 'class') === 'release-body')[0] as Element
  // The organization's closing blocks (About, contacts) come from its file, after the body.
  const sections = findAll(body, (element) => element.tagName === 'section')
  const closing = new Set(sections.flatMap((section) => findAll(section, () => true)))
  const blocks = findAll(body, (element) => element.tagName === 'p' || element.tagName === 'li')
    .filter((element) => !closing.has(element))
    .filter((element) => element.tagName === 'li' || !element.childNodes.some((child) => 'tagName' in child && child.tagName === 'ul'))
  const sectionText = (className: string) =>
    sections.filter((section) => attr(section, 'class') === className).flatMap((section) => findAll(section, (element) => element.tagName === 'p').map((element) => textOf(element).replace(/\s+/g, ' ').trim()))
  const [lede, ...rest] = blocks.filter((element) => attr(element, 'class') !== 'source')
  const dateline = byTag(lede as Element, 'strong')[0] as Element
  return {
    dateline: textOf(dateline),
    lede: textOf(lede as Element).slice(textOf(dateline).length).trim(),
    paragraphs: rest.map((element) => textOf(element).replace(/\s+/g, ' ').trim()),
    source: textOf(blocks.find((element) => attr(element, 'class') === 'source') as Element),
    about: sectionText('about-organization'),
    contacts: sectionText('media-contacts'),
    html: readFileSync(join(dir, 'out/releases', id, 'index.html'), 'utf8')
  }
}

const cases = [
  {
    input: 'globenewswire.txt',
    id: '2026-03-03-kestrel-tidewater-opens-a-harbour-drone-test-range',
    dateline: 'KIEL, Germany, March 3, 2026 (GLOBE NEWSWIRE) --',
    marker: '(GLOBE NEWSWIRE) -- ',
    // Input paragraphs (by index) that are the body after the lede, in order.
    body: [3, 4, 5, 6, 7, 8, 11],
    source: 'Source: Kestrel Tidewater Robotics, Inc.',
    organization: 'kestrel-tidewater-robotics-inc'
  },
  {
    input: 'prnewswire.txt',
    id: '2026-09-08-brightmoor-seed-cooperative-names-its-first-climate-seed',
    dateline: 'DES MOINES, Iowa, Sept. 8, 2026 (PRNewswire) --',
    marker: '/PRNewswire/ -- ',
    body: [2, 3],
    source: 'Source: Brightmoor Seed Cooperative',
    organization: 'brightmoor-seed-cooperative'
  },
  {
    input: 'businesswire.txt',
    id: '2026-11-17-halvard-acoustics-ships-a-hearing-safe-headset-for',
    dateline: 'OSLO, Norway, Nov. 17, 2026 (BUSINESS WIRE) --',
    marker: 'Nov. 17, 2026--',
    body: [3, 4],
    source: 'Source: Halvard Acoustics ASA',
    organization: 'halvard-acoustics-asa'
  }
] as const

describe('pressroom import', () => {
  it("should turn each wire's shape into a release whose built page shows the input's dateline, body paragraphs and source", () => {
    for (const wire of cases) {
      const imported = runCli(['import', join(fixtures, wire.input)], {cwd: dir})
      expect(imported.stderr).toBe('')
      expect(imported.status).toBe(0)
      expect(imported.stdout).toContain(`pressroom: wrote releases/${wire.id}.md\n`)
    }
    const checked = runCli(['check'], {cwd: dir})
    expect(checked.status).toBe(0)
    expect(checked.stderr).not.toMatch(/ error /)
    expect(runCli(['build', ...now], {cwd: dir}).status).toBe(0)
    for (const wire of cases) {
      const paragraphs = inputParagraphs(readFileSync(join(fixtures, wire.input), 'utf8'))
      const ledeParagraph = paragraphs.find((paragraph) => paragraph.includes(wire.marker)) as string
      const page = builtPage(wire.id)
      expect(page.dateline).toBe(wire.dateline)
      expect(page.lede).toBe(ledeParagraph.slice(ledeParagraph.indexOf(wire.marker) + wire.marker.length))
      expect(page.paragraphs).toEqual(wire.body.map((index) => paragraphs[index]))
      expect(page.source).toBe(wire.source)
      // The boilerplate and contact went to the organization's file, and the page closes with them as the wire did.
      const organization = readMatter(join(dir, 'organizations', `${wire.organization}.md`))
      // Compared as text: the file's Markdown writes a bare URL as an autolink and escapes what Markdown would read.
      const asText = (markdown: string) => markdown.replace(/<(https?:[^>\s]+)>/g, '$1').replace(/\\([\\`*_{}[\]()#+\-.!<>&])/g, '$1')
      expect(page.about).toEqual(inputParagraphs(organization.body).map(asText))
      const contacts = (organization.data.contacts ?? []) as Array<Record<string, string>>
      expect(page.contacts).toEqual(contacts.map((contact) => [contact.name, contact.role, contact.email, contact.phone].filter(Boolean).join('')))
      expect(readMatter(join(dir, 'releases', `${wire.id}.md`)).data.organization).toBe(wire.organization)
    }
    expect(builtPage(cases[1].id).html).toContain('https://media.brightmoor.example/seed-vault.jpg')
  })

  it("should put the boilerplate, contact and ticker in a new organization file", () => {
    expect(runCli(['import', join(fixtures, 'globenewswire.txt')], {cwd: dir}).status).toBe(0)
    const input = inputParagraphs(readFileSync(join(fixtures, 'globenewswire.txt'), 'utf8'))
    const organization = readMatter(join(dir, 'organizations/kestrel-tidewater-robotics-inc.md'))
    expect(organization.data).toEqual({
      name: 'Kestrel Tidewater Robotics, Inc.',
      url: 'https://kestrel-tidewater.example',
      tickers: ['NASDAQ: KTWR'],
      contacts: [{name: 'Jonas Albrecht', role: 'Head of Communications', email: 'press@kestrel-tidewater.example', phone: '+49 431 555 0142'}]
    })
    // The About paragraph, without its heading; the URL becomes an autolink.
    const about = (input[9] as string).replace(/^About Kestrel Tidewater Robotics, Inc\. /, '')
    expect(organization.body).toBe(about.replace('https://kestrel-tidewater.example.', '<https://kestrel-tidewater.example>.'))

    expect(runCli(['import', join(fixtures, 'businesswire.txt')], {cwd: dir}).status).toBe(0)
    expect(readMatter(join(dir, 'organizations/halvard-acoustics-asa.md')).data).toEqual({
      name: 'Halvard Acoustics ASA',
      tickers: ['OSE: HALV'],
      contacts: [{name: 'Sigrid Nyland', role: 'Press Officer', email: 'sigrid.nyland@halvard.example', phone: '+47 22 55 01 90'}]
    })
  })

  it("should take an email's text/plain part and the Media Snippet's link from its HTML part", () => {
    const imported = runCli(['import', join(fixtures, 'wire-email.eml')], {cwd: dir})
    expect(imported.status).toBe(0)
    expect(imported.stdout).toContain("line numbers are of the email's text/plain part")
    expect(imported.stdout).toContain("  line 5: Media Snippet: https://media.lindqvist.example/night-ferry.jpg (its link, from the email's HTML part)\n")
    const id = '2026-02-10-lindqvist-ferries-adds-a-night-route-between-visby'
    const release = readMatter(join(dir, 'releases', `${id}.md`))
    expect(release.data).toMatchObject({title: 'Lindqvist Ferries Adds a Night Route Between Visby and Nynäshamn', dateline: 'VISBY, Sweden', date: '2026-02-10T00:00:00+01:00', source: 'Lindqvist Ferries AB', distributor: 'GLOBE NEWSWIRE', media: {url: 'https://media.lindqvist.example/night-ferry.jpg'}})
    expect(runCli(['build', ...now], {cwd: dir}).status).toBe(0)
    const page = builtPage(id)
    expect(page.dateline).toBe('VISBY, Sweden, Feb. 10, 2026 (GLOBE NEWSWIRE) --')
    // Quoted-printable soft breaks and UTF-8 decoded: the lede reads as the wire wrote it.
    expect(page.lede).toBe('Lindqvist Ferries AB today added a night crossing between Visby and Nynäshamn, leaving Gotland at 23:30 every day from April.')
    expect(page.paragraphs).toEqual(["The crossing takes three hours and ten minutes. Cabins sleep two or four, and the ship's restaurant stays open until midnight."])
    expect(page.source).toBe('Source: Lindqvist Ferries AB')
  })

  it('should read standard input, and print the file without writing it on --dry-run', () => {
    const input = readFileSync(join(fixtures, 'prnewswire.txt'), 'utf8')
    const path = join(dir, 'releases/2026-09-08-brightmoor-seed-cooperative-names-its-first-climate-seed.md')
    const dry = runCli(['import', '-', '--dry-run'], {cwd: dir, input})
    expect(dry.status).toBe(0)
    expect(dry.stdout).toMatch(/^---\ntitle: Brightmoor Seed Cooperative Names Its First Climate Seed Bank Partners\ndateline: DES MOINES, Iowa\n/)
    expect(dry.stderr).toContain('pressroom: dry run; would write releases/2026-09-08-brightmoor-seed-cooperative-names-its-first-climate-seed.md')
    expect(existsSync(join(dir, 'releases'))).toBe(false)
    expect(existsSync(join(dir, 'organizations'))).toBe(false)

    const written = runCli(['import', '-', '--releases', 'news', '--organizations', 'orgs'], {cwd: dir, input})
    expect(written.status).toBe(0)
    expect(readFileSync(join(dir, 'news', path.split('/').at(-1) as string), 'utf8')).toBe(dry.stdout)
    expect(existsSync(join(dir, 'orgs/brightmoor-seed-cooperative.md'))).toBe(true)
  })

  it('should refuse to overwrite a release and leave an existing organization file as it was', () => {
    expect(runCli(['import', join(fixtures, 'globenewswire.txt')], {cwd: dir}).status).toBe(0)
    const release = join(dir, 'releases/2026-03-03-kestrel-tidewater-opens-a-harbour-drone-test-range.md')
    const organization = join(dir, 'organizations/kestrel-tidewater-robotics-inc.md')
    const [releaseBefore, organizationBefore] = [readFileSync(release, 'utf8'), readFileSync(organization, 'utf8')]

    const again = runCli(['import', join(fixtures, 'globenewswire.txt')], {cwd: dir})
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('pressroom: `releases/2026-03-03-kestrel-tidewater-opens-a-harbour-drone-test-range.md` already exists; nothing was written [RELEASE_EXISTS]')
    expect(readFileSync(release, 'utf8')).toBe(releaseBefore)

    // Another release of the same company: its file is new, the organization's stays as it was.
    const other = readFileSync(join(fixtures, 'globenewswire.txt'), 'utf8').replace('Opens a Harbour Drone Test Range in Kiel', 'Extends Its Kiel Test Range').replace('test range for autonomous', 'second test range for autonomous')
    const second = runCli(['import', '-'], {cwd: dir, input: other})
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('pressroom: wrote releases/2026-03-03-kestrel-tidewater-extends-its-kiel-test-range.md\n')
    expect(second.stdout).toContain('pressroom: organizations/kestrel-tidewater-robotics-inc.md already exists; left as it was')
    expect(readFileSync(organization, 'utf8')).toBe(organizationBefore)
  })

  it('should report what it could not place, by input line number', () => {
    const gnw = runCli(['import', join(fixtures, 'globenewswire.txt'), '--dry-run'], {cwd: dir})
    expect(gnw.stderr).toContain('not recognised:\n' +
      '  line 6: the Media Snippet line carries no link (plain text drops it); add `media:` to the release by hand\n' +
      '  line 27: could not tell whether this is body or contact; kept in body\n')
    expect(gnw.stderr).toContain('  line 4: ticker: NASDAQ: KTWR of Kestrel Tidewater Robotics, Inc.\n')
    const bw = runCli(['import', join(fixtures, 'businesswire.txt'), '--dry-run'], {cwd: dir})
    expect(bw.stderr).toContain("  line 15: Business Wire's link to its own copy; left out\n")
    expect(bw.stderr).toContain("  line 22: no `Source:` line; the source is the organization's name (or, without one, the newsroom's publisher)\n")
  })

  it('should refuse text without a wire dateline and write nothing', () => {
    const refused = runCli(['import', '-'], {cwd: dir, input: 'Acme has news\n\nAcme today said something without a dateline.\n'})
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/^pressroom: Unexpected text without a wire dateline, .* \[WIRE_RELEASE_UNRECOGNISED\]\n/)
    expect(existsSync(join(dir, 'releases'))).toBe(false)
  })
})

describe('pressroom import of an email with only an HTML part', () => {
  it('should read the HTML with a parser and keep its lists and links in the release', () => {
    const imported = runCli(['import', join(fixtures, 'html-only.eml')], {cwd: dir})
    expect(imported.status).toBe(0)
    expect(imported.stdout).toContain("line numbers are of the email's HTML part, as text")
    const id = '2026-05-14-oberwald-mills-opens-a-grain-lab-in-bremen'
    expect(runCli(['build', ...now], {cwd: dir}).status).toBe(0)
    const page = builtPage(id)
    expect(page.dateline).toBe('BREMEN, Germany, May 14, 2026 (GLOBE NEWSWIRE) --')
    expect(page.lede).toBe('Oberwald Mills GmbH today opened a laboratory that tests grain for moisture and protein before it is milled.')
    expect(page.paragraphs).toEqual(['The lab tests three kinds of grain:', 'wheat from the Weser valley', 'rye for Schwarzbrot', 'spelt & emmer', "Growers can book a test on the lab's booking page."])
    const document = parseHtml(page.html)
    const body = findAll(document, (element) => attr(element, 'class') === 'release-body')[0] as Element
    expect(byTag(body, 'li')).toHaveLength(3)
    const link = byTag(body, 'a').find((element) => textOf(element) === "lab's booking page")
    expect(link && attr(link, 'href')).toBe('https://oberwald.example/lab')
    expect(page.source).toBe('Source: Oberwald Mills GmbH')
  })
})
