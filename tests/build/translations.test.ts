import {cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {XMLParser} from 'fast-xml-parser'
import {simpleParser} from 'mailparser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {attr, byTag, type Element, parseHtml} from '../support/html-dom.js'
import {readTree} from '../support/read-tree.js'
import {runCli, runCliAsync} from '../support/run-cli.js'
import {startSmtpTestServer} from '../support/smtp-test-server.js'

// A newsroom in English with a German and a Chinese translation of one release (both naming an organization, with
// subjects and a correction, and updated after they went public), a German one of another, a French release and an
// Italian one with no chrome strings: built by the real CLI, its pages parsed with parse5.
const fixture = fileURLToPath(new URL('../fixtures/translations-newsroom/', import.meta.url))
const catalogueDir = fileURLToPath(new URL('../../templates/strings/', import.meta.url))
const now = ['--now', '2025-09-20T12:00:00Z']
const secret = {PRESSROOM_SECRET: 'translations-test-secret-0123456789'}

const temps: string[] = []
/** A fresh copy of the fixture newsroom, removed after the tests. */
function copyNewsroom(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pressroom-translations-'))
  temps.push(dir)
  cpSync(fixture, dir, {recursive: true})
  return dir
}

let dir = ''
let pages = new Map<string, string>()
let buildOutput = {status: null as number | null, stdout: '', stderr: ''}

const translated = ['releases/2025-09-15-gruener-dialog.md', 'releases/2025-09-15-lvse-duihua.md']

beforeAll(() => {
  dir = copyNewsroom()
  // Published a day earlier, then edited: the second build shows them as updated, as the ledger says.
  expect(runCli(['build', '--now', '2025-09-19T12:00:00Z'], {cwd: dir}).status).toBe(0)
  for (const path of translated) writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8').trimEnd() + ' Acme.\n')
  buildOutput = runCli(['build', ...now], {cwd: dir})
  pages = new Map([...readTree(join(dir, 'out'))].filter(([path]) => path.endsWith('.html')).map(([path, bytes]) => [path, bytes.toString('utf8')]))
})
afterAll(() => {
  for (const temp of temps) rmSync(temp, {recursive: true, force: true})
})

type Node = ReturnType<typeof parseHtml> | Element

/** Every `<link rel="alternate" hreflang>` of a page, as hreflang -> URL. */
function alternates(html: string): Map<string, string> {
  const links = byTag(parseHtml(html), 'link').filter((link) => attr(link, 'rel') === 'alternate' && attr(link, 'hreflang') !== undefined)
  return new Map(links.map((link) => [attr(link, 'hreflang') as string, attr(link, 'href') as string]))
}

const pageOf = (url: string) => pages.get(new URL(url).pathname.replace(/^\/press\//, '') + 'index.html')

/**
 * The visible strings pressroom itself puts on a page: text nodes and the attributes people read (aria-label,
 * placeholder, alt of our own images), outside the release body, in elements whose nearest `lang` is the page's.
 */
function chromeText(root: Node, language: string, inherited = ''): string[] {
  const found: string[] = []
  const visit = (node: Node, lang: string) => {
    if ('tagName' in node) {
      if (node.tagName === 'script' || node.tagName === 'style' || node.tagName === 'head') return
      if ((attr(node, 'class') ?? '').split(' ').includes('release-body')) return
      lang = attr(node, 'lang') ?? lang
      if (lang === language) for (const name of ['aria-label', 'placeholder']) if (attr(node, name)) found.push(attr(node, name) as string)
    }
    for (const child of 'childNodes' in node ? node.childNodes : []) {
      if (child.nodeName === '#text' && 'value' in child) {
        if (lang === language && child.value.trim() !== '') found.push(child.value.trim())
      } else visit(child as Element, lang)
    }
  }
  visit(root, inherited)
  return found
}

/** The English catalogue's words that `language`'s catalogue says differently, placeholders cut out (`{count}`). */
function englishWords(language: string): string[] {
  const read = (tag: string) => JSON.parse(readFileSync(join(catalogueDir, `${tag}.json`), 'utf8')) as Record<string, string | Record<string, string>>
  const english = read('en')
  const own = read(language)
  const words = new Set<string>()
  for (const [key, value] of Object.entries(english)) {
    if (JSON.stringify(own[key]) === JSON.stringify(value)) continue
    for (const form of typeof value === 'string' ? [value] : Object.values(value)) {
      for (const piece of form.split(/\{\w+\}/)) {
        const words_ = piece.replace(/[.,:;!?“”←→]/g, ' ').trim()
        if (words_.length >= 3) words.add(words_)
      }
    }
  }
  return [...words]
}

/** The English chrome words found in `texts` (as whole words). */
function englishIn(texts: readonly string[], language: string): string[] {
  const words = englishWords(language)
  return texts.flatMap((text) => words.filter((word) => new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text)).map((word) => `${word} in "${text}"`))
}

describe('translations and pages in the release language', () => {
  it('should build the fixture newsroom, warning once of the language without chrome strings', () => {
    expect(buildOutput.status, buildOutput.stderr).toBe(0)
    expect(buildOutput.stderr).toContain('Unexpected language `it` without chrome strings')
    expect(buildOutput.stderr.match(/string-missing/g)).toHaveLength(1)
    // The Italian page falls back to English chrome, and its dates to Italian ones; the French one has its own words.
    const italian = parseHtml(pages.get('releases/2025-09-18-incontro-roma/index.html') ?? '')
    expect(chromeText(italian, 'it')).toContain('Press release ·')
    expect(pages.get('releases/2025-09-18-incontro-roma/index.html')).toContain('ROMA, Italia, 18 settembre 2025 (GLOBE NEWSWIRE) --')
    const french = parseHtml(pages.get('releases/2025-09-17-rencontre-paris/index.html') ?? '')
    expect(chromeText(french, 'fr')).toContain('Communiqué de presse ·')
    expect(englishIn(chromeText(french, 'fr'), 'fr')).toEqual([])
    expect(pages.get('releases/2025-09-17-rencontre-paris/index.html')).toContain('PARIS, France, 17 septembre 2025 (GLOBE NEWSWIRE) --')
  })

  it('should give every translated page hreflang alternates that link back from each member, itself and x-default included', () => {
    const sets = new Map<string, Map<string, string>>()
    for (const [path, html] of pages) {
      const found = alternates(html)
      if (found.size > 0) sets.set(path, found)
    }
    expect([...sets.keys()].sort()).toEqual([
      'releases/2025-09-15-green-dialogue/index.html',
      'releases/2025-09-15-gruener-dialog/index.html',
      'releases/2025-09-15-lvse-duihua/index.html',
      'releases/2025-09-16-plant-visit/index.html',
      'releases/2025-09-16-werksbesuch/index.html'
    ])
    for (const [path, set] of sets) {
      const own = [...set].filter(([hreflang]) => hreflang !== 'x-default')
      // Itself among its alternates, under its own language.
      const html = pages.get(path) as string
      const canonical = attr(byTag(parseHtml(html), 'link').find((link) => attr(link, 'rel') === 'canonical') as Element, 'href')
      expect(own.find(([, url]) => url === canonical)?.[0], path).toBe(attr(byTag(parseHtml(html), 'html')[0] as Element, 'lang'))
      // x-default is the site's language (English) version.
      expect(set.get('x-default'), path).toBe(set.get('en'))
      // Every member names the very same set: reciprocal.
      for (const [, url] of own) expect(alternates(pageOf(url) ?? ''), `${path} -> ${url}`).toEqual(set)
    }
    expect([...(sets.get('releases/2025-09-15-green-dialogue/index.html') as Map<string, string>).keys()].sort()).toEqual(['de', 'en', 'x-default', 'zh-Hans'])
  })

  it('should list the other languages by their own names on each translated page', () => {
    const german = parseHtml(pages.get('releases/2025-09-15-gruener-dialog/index.html') ?? '')
    const nav = byTag(german, 'nav').find((element) => attr(element, 'class') === 'translations') as Element
    const links = byTag(nav, 'a').map((link) => [attr(link, 'hreflang'), attr(link, 'href'), chromeText(link, attr(link, 'lang') ?? '').join('')])
    expect(links).toEqual([
      ['en', '/press/releases/2025-09-15-green-dialogue/', 'English'],
      ['zh-Hans', '/press/releases/2025-09-15-lvse-duihua/', '简体中文']
    ])
    expect(chromeText(nav, 'de', 'de')).toContain('Andere Sprachen')
  })

  it('should list the same alternates for each translated URL in the sitemap', () => {
    const sitemap = readFileSync(join(dir, 'out', 'sitemap.xml'), 'utf8')
    const parsed = new XMLParser({ignoreAttributes: false, attributeNamePrefix: ''}).parse(sitemap) as {urlset: {url: Array<{loc: string; 'xhtml:link'?: Array<{hreflang: string; href: string}>}>}}
    const withLinks = parsed.urlset.url.filter((url) => url['xhtml:link'] !== undefined)
    expect(withLinks).toHaveLength(5)
    for (const url of withLinks) {
      const inSitemap = new Map((url['xhtml:link'] ?? []).map((link) => [link.hreflang, link.href]))
      expect(inSitemap, url.loc).toEqual(alternates(pageOf(url.loc) ?? ''))
    }
  })

  it.each([
    ['de', 'releases/2025-09-15-gruener-dialog/index.html', '15. September 2025', 'Quelle:', ['Aktualisiert', 'Korrektur', 'Sachgebiete'], ['Über Acme Industries GmbH', 'Zukunftsgerichtete Aussagen', 'Pressekontakt']],
    ['zh-Hans', 'releases/2025-09-15-lvse-duihua/index.html', '2025年9月15日', '来源：', ['更新于', '更正', '主题分类'], ['关于 Acme工业', '前瞻性陈述', '媒体联系人']]
  ])('should show no English chrome words on the %s page, its closing blocks, update and correction included, and its dates and source in its language', (language, path, date, source, chrome, closing) => {
    const html = pages.get(path) ?? ''
    // A full-width colon brings its own space; a half-width one is followed by a space.
    const gap = source.endsWith('：') ? '' : ' '
    const texts = chromeText(parseHtml(html), language)
    expect(texts.length).toBeGreaterThan(10)
    for (const word of chrome) expect(texts, word).toContain(word)
    // The closing blocks' headings are rendered into the body, which chromeText leaves out as the release's own words.
    const body = byTag(parseHtml(html), 'div').find((element) => attr(element, 'class') === 'release-body') as Element
    const headings = byTag(body, 'h2').map((heading) => chromeText(heading, '', '').join(''))
    expect(headings).toEqual(closing)
    expect(englishIn([...texts, ...headings], language.split('-')[0] as string)).toEqual([])
    // The update's date, like the release's, in the language's own style.
    expect(texts.join('\n')).toContain(language === 'de' ? '20. September 2025' : '2025年9月20日')
    expect(texts.join('\n')).toContain(date)
    expect(texts.join('\n')).not.toMatch(/\b(Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) \d/)
    expect(html).toContain(`<p class="source">${source}${gap}<a`)
    expect(html).toContain(`, ${date} (GLOBE NEWSWIRE) --</strong>`)
    expect(html).toContain(`<html lang="${language}" dir="ltr">`)
    const jsonLd = JSON.parse(byTag(parseHtml(html), 'script').map((script) => ('childNodes' in script && script.childNodes[0] && 'value' in script.childNodes[0] ? script.childNodes[0].value : ''))[0] ?? '{}') as {inLanguage?: string}
    expect(jsonLd.inLanguage).toBe(language)
  })

  it.each([
    ['de', '20. September 2025'],
    ['zh', '2025年9月20日']
  ])('should write a %s digest (dry run) with no English chrome words', async (language, date) => {
    const newsroom = copyNewsroom()
    const configPath = join(newsroom, 'pressroom.config.json')
    writeFileSync(configPath, JSON.stringify({...JSON.parse(readFileSync(configPath, 'utf8')), language}))
    expect(runCli(['build', ...now], {cwd: newsroom}).status).toBe(0)
    // Tagged `international`: the German and Chinese releases only, so every word of the message is ours or theirs.
    expect(runCli(['subscribers', 'add', 'leser@example.org', '--tags', 'international'], {cwd: newsroom}).status).toBe(0)
    const outDir = join(newsroom, 'dry-run')
    const dryRun = runCli(['digest', '--dry-run', '--out', outDir, ...now], {cwd: newsroom, env: secret})
    expect(dryRun.status, dryRun.stderr).toBe(0)
    const [name] = readdirSync(outDir)
    const mail = await simpleParser(readFileSync(join(outDir, name as string)))
    // The subject carries the top headline; the date heads the message.
    expect(mail.text).toContain(date)
    expect(mail.html).toContain(date)
    const html = parseHtml(mail.html || '')
    const htmlTexts = chromeText(html, language)
    const textLines = (mail.text ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^\[\d+\] https?:/.test(line))
    expect(htmlTexts.length).toBeGreaterThan(3)
    expect(englishIn([mail.subject ?? '', ...htmlTexts, ...textLines], language)).toEqual([])
  })

  it('should send a German release\'s alert and its correction alert (real SMTP sink) with no English chrome words', async () => {
    const newsroom = copyNewsroom()
    const german = join(newsroom, 'releases', '2025-09-15-gruener-dialog.md')
    const aside = join(newsroom, 'gruener-dialog.md')
    const smtp = await startSmtpTestServer()
    try {
      const cli = (...args: string[]) => runCliAsync(args, {cwd: newsroom, env: {...secret, SMTP_URL: smtp.url}})
      // The archive is what the first run finds: the German release goes public after it, to instant subscribers.
      renameSync(german, aside)
      expect((await cli('alerts', ...now)).stdout).toContain('no alerts due')
      renameSync(aside, german)
      expect((await cli('subscribers', 'add', 'leser@example.org', '--frequency', 'instant')).status).toBe(0)
      const sent = await cli('alerts', '--now', '2025-09-20T13:00:00Z')
      expect(sent.status, sent.stderr).toBe(0)
      writeFileSync(german, readFileSync(german, 'utf8').replace('es sind vierzig.', 'es sind genau vierzig.'))
      const corrected = await cli('alerts', '--now', '2025-09-20T14:00:00Z')
      expect(corrected.stdout).toMatch(/correction alert \d+ \(2025-09-15-gruener-dialog\)/)
      expect(smtp.accepted).toHaveLength(2)
      const [alert, correction] = await Promise.all(smtp.accepted.map((message) => simpleParser(message.raw)))
      expect(correction?.subject).toBe('Korrektur: Acme lädt seine Zulieferer zum grünen Dialog')
      // Wrapped at 72 columns: read across the line breaks.
      expect(correction?.text?.replace(/\s*\n\s*/g, ' ')).toContain('KORREKTUR: Eine frühere Fassung nannte dreißig Zulieferer; es sind genau vierzig.')
      for (const mail of [alert, correction]) {
        const html = parseHtml(mail?.html || '')
        expect(attr(byTag(html, 'html')[0] as Element, 'lang')).toBe('de')
        const htmlTexts = chromeText(html, 'de', 'de')
        const textLines = (mail?.text ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '')
        expect(htmlTexts.join('\n')).toContain('Ganze Mitteilung lesen')
        expect(textLines).toContain('Quelle: Acme Industries GmbH <https://acme.example/de>')
        // Links are not words: `releases` in a URL is the site's path.
        const words = textLines.map((line) => line.replace(/<?https?:\/\/\S+/g, ''))
        expect(englishIn([mail?.subject ?? '', ...htmlTexts, ...words], 'de')).toEqual([])
      }
    } finally {
      await smtp.close()
    }
  })

  it('should render again the pages that link to a translation whose title changed', () => {
    const newsroom = copyNewsroom()
    expect(runCli(['build', ...now], {cwd: newsroom}).status).toBe(0)
    const file = join(newsroom, 'releases', '2025-09-16-werksbesuch.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Minister besuchen das Werk in Changzhou', 'title: Zwei Minister besuchen das Werk'))
    expect(runCli(['build', ...now], {cwd: newsroom}).status).toBe(0)
    const english = readFileSync(join(newsroom, 'out', 'releases', '2025-09-16-plant-visit', 'index.html'), 'utf8')
    expect(english).toContain('title="Zwei Minister besuchen das Werk"')
  })

  it('should refuse a second release of one language in a translation set at its key, naming the first, and warn of a key nobody shares', () => {
    const newsroom = copyNewsroom()
    const second = ['---', 'title: Noch ein grüner Dialog', 'dateline: BERLIN, Deutschland', 'date: 2025-09-18T09:00:00+02:00', 'source: Acme Industries GmbH', 'language: de', 'translationKey: green-dialogue', '---', '', 'Ein zweiter Text.', ''].join('\n')
    writeFileSync(join(newsroom, 'releases', '2025-09-18-zweiter-dialog.md'), second)
    const alone = ['---', 'title: A lonely release', 'dateline: BERLIN, Germany', 'source: Acme Industries', 'translationKey: nobody-else', '---', '', 'Only one language.', ''].join('\n')
    writeFileSync(join(newsroom, 'releases', '2025-09-19-lonely.md'), alone)
    const result = runCli(['build', ...now], {cwd: newsroom})
    expect(result.status).toBe(1)
    // As an editor reads it, the reporter's column padding aside.
    const stderr = result.stderr.replace(/\s+/g, ' ')
    expect(stderr).toContain('releases/2025-09-18-zweiter-dialog.md 7:17 error Unexpected second `de` release of `translationKey` `green-dialogue`, expected one per language (also in `releases/2025-09-15-gruener-dialog.md`) translation-duplicate pressroom')
    expect(stderr).toContain('releases/2025-09-19-lonely.md 5:17 warning Unexpected `translationKey` `nobody-else` that no other release shares, expected its translations to carry it too translation-alone pressroom')
  })
})
