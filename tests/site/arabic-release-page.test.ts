import {cp, mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {loadCatalogues} from '../../src/liquid/chrome-strings.js'
import {formatBytes} from '../../src/site/release-aside-view.js'
import {attr, byTag, findAll, parseHtml, textOf, type Element} from '../support/html-dom.js'

// The wire fixture (an English newsroom) with the crawl fixture's Arabic release laid over it, as the screenshots use.
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url))
const arabic = loadCatalogues().get('ar') ?? {}
const word = (key: string) => String(arabic[key])
let dir = ''
let page: ReturnType<typeof parseHtml>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-ar-'))
  await cp(join(fixtures, 'wire-newsroom'), dir, {recursive: true})
  await cp(join(fixtures, 'crawl-newsroom'), dir, {recursive: true})
  const result = await build({config: loadConfig(undefined, dir), releasesDir: 'releases', outDir: join(dir, 'out'), now: Date.parse('2026-03-10T12:00:00Z'), cwd: dir, publicDir: 'public'})
  expect(result.ok, result.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(true)
  page = parseHtml(await readFile(join(dir, 'out/releases/2026-03-04-mahattat-takhzin-jadida/index.html'), 'utf8'))
}, 180_000)

afterAll(() => rm(dir, {recursive: true, force: true}))

const byClass = (name: string) => findAll(page, (element) => (attr(element, 'class') ?? '').split(' ').includes(name))
const texts = (elements: Element[]) => elements.map((element) => textOf(element).replace(/\s+/g, ' ').trim())

describe('an Arabic release page in an English newsroom', () => {
  it('should put its chrome in Arabic from ar.json: navigation, eyebrow, side column, body labels and footer', () => {
    const html = byTag(page, 'html')[0] as Element
    expect([attr(html, 'lang'), attr(html, 'dir')]).toEqual(['ar', 'rtl'])
    expect(texts(byClass('eyebrow'))).toEqual([`${word('press-release')} · 4 مارس 2026`])
    const navigation = texts(findAll(byClass('site-nav')[0] as Element, (element) => element.tagName === 'a'))
    for (const key of ['nav-releases', 'nav-topics', 'nav-archive']) expect(navigation).toContain(word(key))
    const aside = texts(findAll(byClass('release-aside')[0] as Element, (element) => ['h2', 'a'].includes(element.tagName)))
    for (const key of ['media-contacts', 'downloads', 'share', 'download-image', 'download-video', 'download-audio']) expect(aside).toContain(word(key))
    expect(texts(byClass('source'))[0]).toBe(`${word('source')} Nahr Energy`)
    expect(texts(findAll(byClass('release-body')[0] as Element, (element) => element.tagName === 'h2'))).toContain(word('about-organization').replace('{name}', 'Nahr Energy'))
    expect(texts(byClass('release-organizations'))).toEqual([`${word('issued-by')} Nahr Energy`])
    expect(texts(byClass('site-footer')).join(' ')).toContain(word('subscribe-all'))
    // No English chrome word is left anywhere a reader sees.
    const visible = textOf(byTag(page, 'body')[0] as Element)
    for (const english of ['Press release', 'Media contacts', 'Download', 'Source:', 'Share', 'Issued by', 'Subscribe', 'Archive', 'Topics']) expect(visible).not.toContain(english)
  })

  it('should write a file size in Latin digits in every Arabic region, as its dates, unless the tag names its digits', () => {
    expect(['ar', 'ar-SA', 'ar-EG', 'ar-AE'].map((language) => formatBytes(6_000, language))).toEqual(Array(4).fill('6 كيلوبايت'))
    expect(formatBytes(2_400_000, 'ar-EG')).toBe('2.4 م.ب')
    expect(formatBytes(6_000, 'ar-EG-u-nu-arab')).toBe('٦ كيلوبايت')
    expect(texts(byClass('download-facts'))[0]).toBe('PNG · 6 كيلوبايت')
  })

  it('should write the dateline with the Arabic comma before a date of Arabic month name and Latin digits', () => {
    expect(texts(byClass('dateline'))).toEqual(['أبوظبي، الإمارات، 4 مارس 2026 (GLOBE NEWSWIRE) --'])
  })

  it('should give the About block taken from the English base file its own language and direction, under an Arabic heading', async () => {
    const about = byClass('about-organization')[0] as Element
    const heading = byTag(about, 'h2')[0] as Element
    expect([textOf(heading), attr(heading, 'lang'), attr(heading, 'dir')]).toEqual([word('about-organization').replace('{name}', 'Nahr Energy'), undefined, undefined])
    const paragraphs = byTag(about, 'p')
    expect(paragraphs.length).toBeGreaterThan(0)
    for (const paragraph of paragraphs) expect([attr(paragraph, 'lang'), attr(paragraph, 'dir')]).toEqual(['en', 'ltr'])
    expect(textOf(paragraphs[0] as Element)).toContain('Nahr Energy builds and runs battery storage')
    // A Chinese release shows the same English file: its language is marked, its direction is the page's. A German one
    // shows the German variant, in its own language: nothing to mark.
    const aboutParagraphs = async (id: string) => {
      const other = parseHtml(await readFile(join(dir, `out/releases/${id}/index.html`), 'utf8'))
      const block = findAll(other, (element) => (attr(element, 'class') ?? '').split(' ').includes('about-organization'))[0] as Element
      return byTag(block, 'p').map((paragraph) => [attr(paragraph, 'lang'), attr(paragraph, 'dir')])
    }
    expect(await aboutParagraphs('2026-03-09-niandu-yeji')).toEqual([['en', undefined]])
    expect(await aboutParagraphs('2026-03-09-jahresergebnis')).toEqual([[undefined, undefined]])
  })
})
