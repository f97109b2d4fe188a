import {cp, mkdir, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {launchChromium} from '../support/launch-chromium.js'
import {serveFolder} from '../support/serve-folder.js'

// The repository's sample newsroom, built as `npm start` builds it and served on 127.0.0.1, so its images load.
const repo = fileURLToPath(new URL('../../', import.meta.url))
// A second newsroom for a release in Arabic: the wire fixture with the crawl fixture's Arabic release laid over it.
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url))
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url))
// Lazy images below the fold would be blank in a full-page shot: load them all and wait.
const loadLazyImages = `Promise.all([...document.images].map((image) => { image.loading = 'eager'; return image.decode().catch(() => {}) }))`
const withMedia = '/releases/2026-09-14-harbour-shore-power-pilot/'
const withoutMedia = '/releases/2026-11-24-winter-grid-readiness/'
const shots = [
  {name: 'home', path: '/'},
  {name: 'release-media', path: withMedia},
  {name: 'release-plain', path: withoutMedia},
  {name: 'organization', path: '/organizations/northwind/'}
]
// Releases in German, Chinese and Arabic: long compounds, lines without spaces, and a page read right to left.
const languageShots = [
  {name: 'release-de', site: 'sample', path: '/releases/2026-10-22-quartalszahlen-drittes-quartal/'},
  {name: 'release-zh', site: 'sample', path: '/releases/2026-11-03-changzhou-battery-test-centre/'},
  {name: 'release-ar', site: 'fixture', path: '/releases/2026-03-04-mahattat-takhzin-jadida/'}
] as const

let dir = ''
let server: Awaited<ReturnType<typeof serveFolder>> | undefined
let fixtureServer: Awaited<ReturnType<typeof serveFolder>> | undefined
let browser: Browser | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-shot-'))
  const out = join(dir, 'out')
  server = await serveFolder(out)
  const config = {...loadConfig(undefined, repo), baseUrl: server.origin}
  const result = await build({config, releasesDir: 'releases', outDir: out, now: Date.parse('2026-12-15T12:00:00Z'), cwd: repo, publicDir: 'public'})
  expect(result.ok, result.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(true)
  const fixture = join(dir, 'fixture')
  await cp(join(fixtures, 'wire-newsroom'), fixture, {recursive: true})
  await cp(join(fixtures, 'crawl-newsroom'), fixture, {recursive: true})
  fixtureServer = await serveFolder(join(fixture, 'out'))
  const fixtureConfig = {...loadConfig(undefined, fixture), baseUrl: fixtureServer.origin}
  const built = await build({config: fixtureConfig, releasesDir: 'releases', outDir: join(fixture, 'out'), now: Date.parse('2026-03-10T12:00:00Z'), cwd: fixture, publicDir: 'public'})
  expect(built.ok, built.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(true)
  await mkdir(artifacts, {recursive: true})
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await fixtureServer?.close()
  await rm(dir, {recursive: true, force: true})
})

/** A page of the site at `width`, in the colour scheme given; nothing is fetched from anywhere but the test server. */
async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await (browser as Browser).newPage({viewport: {width, height: 900}, colorScheme})
  const origins = [server?.origin, fixtureServer?.origin].filter((origin): origin is string => origin !== undefined)
  await page.route((url) => !origins.some((origin) => url.href.startsWith(origin)), (route) => route.abort())
  return page
}

const originOf = (site: 'sample' | 'fixture') => (site === 'sample' ? server : fixtureServer)?.origin

const visible = (page: Page, selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((element) => element.checkVisibility()))
const box = (page: Page, selector: string) => page.locator(selector).first().evaluate((element) => element.getBoundingClientRect().toJSON() as {left: number; right: number; top: number; bottom: number})

/** Where `text` is drawn, the first (or, `-1`, the last) time it occurs in the text of `selector`'s first element. */
const textBox = (page: Page, selector: string, text: string, which: 1 | -1 = 1) =>
  page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.querySelector(${JSON.stringify(selector)}), NodeFilter.SHOW_TEXT)
    const ranges = []
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.textContent.indexOf(${JSON.stringify(text)})
      if (at < 0) continue
      const range = document.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + ${text.length})
      ranges.push(range)
    }
    return ranges.at(${which === 1 ? 0 : -1}).getBoundingClientRect().toJSON()
  })()`) as Promise<{left: number; right: number}>

describe('the newsroom as people see it, in headless Chromium', () => {
  it('should show home, releases and an organization at desktop and phone widths and in the dark, without sideways scrolling', async () => {
    for (const [width, scheme] of [[1280, 'light'], [390, 'light'], [1280, 'dark']] as const) {
      const page = await open(width, scheme)
      for (const shot of shots) {
        await page.goto(server?.origin + shot.path, {waitUntil: 'load'})
        await page.evaluate(loadLazyImages)
        expect(Number(await page.evaluate('document.documentElement.scrollWidth')), `${shot.name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(width)
        await page.screenshot({path: join(artifacts, `${shot.name}-${width}${scheme === 'dark' ? '-dark' : ''}.png`), fullPage: true})
      }
      await page.close()
    }
  }, 240_000)

  /**
   * Build the newsroom in `source` in pages of `pageSize`, serve it, and at each width screenshot `paths` (name and
   * site path, none scrolling sideways), then hand the page, left on the last path, to `check`.
   */
  const shootPaged = async (source: string, name: string, options: {pageSize: number; now: string; paths: ReadonlyArray<readonly [string, string]>}, check: (page: Page, origin: string) => Promise<void>) => {
    const out = join(dir, `${name}-paged`)
    const paged = await serveFolder(out)
    try {
      const config = {...loadConfig(undefined, source), baseUrl: paged.origin, pageSize: options.pageSize}
      const result = await build({config, releasesDir: 'releases', outDir: out, now: Date.parse(options.now), cwd: source, publicDir: 'public', cacheDir: join(dir, `${name}-paged-cache`)})
      expect(result.ok).toBe(true)
      for (const width of [1280, 390]) {
        const page = await (browser as Browser).newPage({viewport: {width, height: 900}})
        await page.route((url) => !url.href.startsWith(paged.origin), (route) => route.abort())
        for (const [shot, path] of options.paths) {
          await page.goto(paged.origin + path, {waitUntil: 'load'})
          await page.evaluate(loadLazyImages)
          expect(Number(await page.evaluate('document.documentElement.scrollWidth')), `${shot} at ${width}px scrolls sideways`).toBeLessThanOrEqual(width)
          await page.screenshot({path: join(artifacts, `${shot}-${width}.png`), fullPage: true})
        }
        await check(page, paged.origin)
        await page.close()
      }
    } finally {
      await paged.close()
    }
  }

  it('should show the home page and a numbered page of a newsroom in pages of three, with newer and older links and the dates it holds', async () => {
    // The sample newsroom again, in pages of three: its eight published releases make pages 1 to 3 beside the home page.
    const paths = [['listing-home', '/'], ['listing-page', '/page/2/']] as const
    await shootPaged(repo, 'sample', {pageSize: 3, now: '2026-12-15T12:00:00Z', paths}, async (page, origin) => {
      // The numbered page says what it holds and links both ways; the home page links older only.
      expect(await page.locator('h1').textContent()).toBe('Releases, page 2')
      expect(await page.locator('#latest-heading').textContent()).toMatch(/^Releases from \S.* to \S.*$/)
      expect(await page.locator('.pagination a').allTextContents()).toEqual(['← Newer', 'Older →'])
      expect(await visible(page, '.pagination a')).toEqual([true, true])
      await page.goto(origin + '/', {waitUntil: 'load'})
      expect(await page.locator('.pagination a').allTextContents()).toEqual(['Older →'])
    })
  }, 240_000)

  it('should show an organization\'s first page and a numbered page, each headed by what it holds, with newer and older links', async () => {
    // The fixture newsroom again, in pages of two: Ostwind's releases make a first page and numbered pages 1 and 2.
    const paths = [['organization-page-first', '/organizations/ostwind/'], ['organization-page-numbered', '/organizations/ostwind/page/1/']] as const
    await shootPaged(join(dir, 'fixture'), 'fixture', {pageSize: 2, now: '2026-03-10T12:00:00Z', paths}, async (page, origin) => {
      expect(await page.locator('h1').textContent()).toBe('Ostwind Speicher AG')
      // The oldest page says which dates it holds and links to newer ones only.
      expect(await page.locator('#latest-heading').textContent()).toMatch(/^Releases from \S.* to \S.*$/)
      expect(await page.locator('.release-list > li').count()).toBe(2)
      expect(await page.locator('.pagination a').allTextContents()).toEqual(['← Newer'])
      await page.goto(origin + '/organizations/ostwind/', {waitUntil: 'load'})
      expect(await page.locator('h1').textContent()).toBe('Ostwind Speicher AG')
      expect(await page.locator('#latest-heading').textContent()).toBe('Latest releases')
      expect(await page.locator('.pagination a').allTextContents()).toEqual(['Older →'])
    })
  }, 240_000)

  it('should set the English About block of an Arabic release left to right under its Arabic heading, at desktop and phone widths', async () => {
    const arabic = languageShots[2]
    for (const width of [1280, 390]) {
      const page = await open(width)
      await page.goto(originOf(arabic.site) + arabic.path, {waitUntil: 'load'})
      const about = page.locator('.about-organization').first()
      await about.scrollIntoViewIfNeeded()
      await about.screenshot({path: join(artifacts, `release-ar-about-${width}.png`)})
      expect(await page.evaluate(`['.about-organization h2', '.about-organization p'].map((selector) => getComputedStyle(document.querySelector(selector)).direction)`)).toEqual(['rtl', 'ltr'])
      // The English text starts at the block's left edge.
      const [block, text] = [await box(page, '.about-organization'), await textBox(page, '.about-organization p', 'Nahr')]
      expect(text.left - block.left).toBeLessThan(2)
      await page.close()
    }
  }, 60_000)

  it('should show a German, a Chinese and an Arabic release at desktop and phone widths, without sideways scrolling', async () => {
    for (const width of [1280, 390]) {
      const page = await open(width)
      for (const shot of languageShots) {
        await page.goto(originOf(shot.site) + shot.path, {waitUntil: 'load'})
        await page.evaluate(loadLazyImages)
        expect(Number(await page.evaluate('document.documentElement.scrollWidth')), `${shot.name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(width)
        await page.screenshot({path: join(artifacts, `${shot.name}-${width}.png`), fullPage: true})
      }
      await page.close()
    }
  }, 240_000)

  it('should align a table column as its Markdown delimiter row says (`-:` right, `:-:` centre) over the start alignment of every cell', async () => {
    const german = languageShots[0]
    const page = await open(1280)
    await page.goto(originOf(german.site) + german.path, {waitUntil: 'load'})
    const aligned = await page.evaluate(`[...document.querySelectorAll('.release-body td[align], .release-body th[align]')].map((cell) => [cell.getAttribute('align'), getComputedStyle(cell).textAlign])`) as Array<[string, string]>
    expect(aligned.length).toBeGreaterThan(0)
    for (const [align, computed] of aligned) expect(computed, `a cell with align="${align}"`).toBe(align)
    await page.close()
  }, 60_000)

  it('should lay out an Arabic release from the right: its text starts at the right edge, its side column on the left', async () => {
    const arabic = languageShots[2]
    const wide = await open(1280)
    await wide.goto(originOf(arabic.site) + arabic.path, {waitUntil: 'load'})
    expect(await wide.evaluate(`getComputedStyle(document.querySelector('article.release')).direction`)).toBe('rtl')
    const [article, aside] = [await box(wide, 'article.release'), await box(wide, '.release-aside')]
    expect(aside.right).toBeLessThanOrEqual(article.left)
    // The eyebrow is shorter than the column: right to left, its text starts at the column's right edge.
    const eyebrow = await wide.evaluate(`(() => { const range = document.createRange(); range.selectNodeContents(document.querySelector('article.release .eyebrow')); return range.getBoundingClientRect().toJSON() })()`) as {left: number; right: number}
    expect(Math.abs(eyebrow.right - article.right)).toBeLessThan(2)
    expect(eyebrow.left).toBeGreaterThan(article.left + 100)
    // The wordmark's accent rule is on the right, the side the page is read from.
    expect(await wide.evaluate(`getComputedStyle(document.querySelector('.site-wordmark')).borderRightWidth`)).not.toBe('0px')
    // A phone number keeps its order: its leading + is at the left of its link, not at the right.
    const phone = await wide.evaluate(`(() => { const link = document.querySelector('.release-aside a[href^="tel:"]'); const range = document.createRange(); range.setStart(link.firstChild, 0); range.setEnd(link.firstChild, 1); return [range.getBoundingClientRect().left, link.getBoundingClientRect().left, link.textContent] })()`) as [number, number, string]
    expect(phone[2].startsWith('+')).toBe(true)
    expect(Math.abs(phone[0] - phone[1])).toBeLessThan(2)
    // A download's facts read from the right, format then size: the size's figure sits beside its Arabic unit, left
    // of the format, not stranded at the right edge after it.
    const [format, figure] = [await textBox(wide, '.download-facts', 'PNG'), await textBox(wide, '.download-facts', '6')]
    expect(figure.right).toBeLessThanOrEqual(format.left)
    // The footer's Latin publisher name stays beside its Arabic label, right of the RSS link that follows it.
    const [publisher, rss] = [await textBox(wide, '.site-footer', 'Ostwind Newsroom', -1), await textBox(wide, '.site-footer', 'RSS', -1)]
    expect(rss.right).toBeLessThanOrEqual(publisher.left)
    await wide.close()
  }, 60_000)

  it('should put the side column beside the release at 1280 px and under it at 390 px', async () => {
    const wide = await open(1280)
    await wide.goto(server?.origin + withMedia, {waitUntil: 'load'})
    const [article, aside] = [await box(wide, 'article.release'), await box(wide, '.release-aside')]
    expect(aside.left).toBeGreaterThanOrEqual(article.right)
    expect(aside.top).toBeLessThan(article.top + 100)
    await wide.close()
    const phone = await open(390)
    await phone.goto(server?.origin + withMedia, {waitUntil: 'load'})
    const [narrowArticle, narrowAside] = [await box(phone, 'article.release'), await box(phone, '.release-aside')]
    expect(narrowAside.top).toBeGreaterThanOrEqual(narrowArticle.bottom)
    await phone.close()
  }, 60_000)

  it('should use the dark colours when the reader prefers them', async () => {
    const page = await open(1280, 'dark')
    await page.goto(server?.origin + '/', {waitUntil: 'load'})
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(17, 20, 23)')
    await page.close()
  }, 60_000)

  it('should print a release as a handout: no navigation, footer or side column but the media contacts', async () => {
    const page = await open(800)
    await page.emulateMedia({media: 'print'})
    await page.goto(server?.origin + withMedia, {waitUntil: 'load'})
    await page.evaluate(loadLazyImages)
    for (const hidden of ['.site-nav', '.site-footer', 'form', '.aside-share', '.aside-downloads', '.organization-card']) {
      expect(new Set(await visible(page, hidden)), hidden).toEqual(new Set([false]))
    }
    // Related releases are older ones, and the release with media is its topic's oldest: a newer one has them to hide.
    const newer = await open(800)
    await newer.emulateMedia({media: 'print'})
    await newer.goto(server?.origin + '/releases/2026-11-24-winter-grid-readiness/', {waitUntil: 'load'})
    expect(new Set(await visible(newer, '.aside-related')), '.aside-related').toEqual(new Set([false]))
    await newer.close()
    expect(await visible(page, '.aside-contacts')).toEqual([true])
    // Printed once: the body's own contacts block gives way to the side column's.
    expect(await visible(page, '.release-body .media-contacts')).toEqual([false])
    await page.screenshot({path: join(artifacts, 'release-print.png'), fullPage: true})
    await page.close()
  }, 60_000)
})
