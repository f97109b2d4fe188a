import {mkdir, mkdtemp, rm} from 'node:fs/promises'
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

let dir = ''
let server: Awaited<ReturnType<typeof serveFolder>> | undefined
let browser: Browser | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-shot-'))
  const out = join(dir, 'out')
  server = await serveFolder(out)
  const config = {...loadConfig(undefined, repo), baseUrl: server.origin}
  const result = await build({config, releasesDir: 'releases', outDir: out, now: Date.parse('2026-12-15T12:00:00Z'), cwd: repo, publicDir: 'public'})
  expect(result.ok, result.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(true)
  await mkdir(artifacts, {recursive: true})
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await rm(dir, {recursive: true, force: true})
})

/** A page of the site at `width`, in the colour scheme given; nothing is fetched from anywhere but the test server. */
async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await (browser as Browser).newPage({viewport: {width, height: 900}, colorScheme})
  await page.route((url) => !url.href.startsWith(server?.origin ?? ''), (route) => route.abort())
  return page
}

const visible = (page: Page, selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((element) => element.checkVisibility()))
const box = (page: Page, selector: string) => page.locator(selector).first().evaluate((element) => element.getBoundingClientRect().toJSON() as {left: number; right: number; top: number; bottom: number})

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
    for (const hidden of ['.site-nav', '.site-footer', 'form', '.aside-share', '.aside-related', '.aside-downloads', '.organization-card']) {
      expect(new Set(await visible(page, hidden)), hidden).toEqual(new Set([false]))
    }
    expect(await visible(page, '.aside-contacts')).toEqual([true])
    // Printed once: the body's own contacts block gives way to the side column's.
    expect(await visible(page, '.release-body .media-contacts')).toEqual([false])
    await page.screenshot({path: join(artifacts, 'release-print.png'), fullPage: true})
    await page.close()
  }, 60_000)
})
