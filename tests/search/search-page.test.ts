import {readFile, stat, writeFile} from 'node:fs/promises'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {extname, join, normalize} from 'node:path'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {sitePolicy} from '../../src/server/security-headers.js'
import {launchChromium} from '../support/launch-chromium.js'
import {runCli} from '../support/run-cli.js'
import {makeSearchNewsroom, searchNow, searchWords} from './search-newsroom.js'

const types: Record<string, string> = {'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json'}
const artifacts = new URL('../artifacts/', import.meta.url).pathname

/**
 * `out/` served under the path prefix `/press/` on 127.0.0.1, with the security headers of `pressroom serve --out`,
 * so the search page runs under the policy the site is served with.
 */
async function servePrefixed(dir: string): Promise<{origin: string; close(): Promise<void>}> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    response.setHeader('Content-Security-Policy', sitePolicy(undefined))
    response.setHeader('X-Content-Type-Options', 'nosniff')
    try {
      if (!path.startsWith('/press/')) throw new Error('outside the prefix')
      let file = join(dir, normalize(decodeURIComponent(path.slice('/press'.length))))
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
      response.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'}).end(await readFile(file))
    } catch {
      response.writeHead(404, {'content-type': types['.html']}).end('Not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve()))}
}

let newsroom: Awaited<ReturnType<typeof makeSearchNewsroom>>
let server: Awaited<ReturnType<typeof servePrefixed>>
let browser: Browser
beforeAll(async () => {
  newsroom = await makeSearchNewsroom()
  const built = runCli(['build', '--now', searchNow], {cwd: newsroom.dir})
  expect(built.status, built.stdout + built.stderr).toBe(0)
  server = await servePrefixed(join(newsroom.dir, 'out'))
  browser = await launchChromium()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await newsroom?.remove()
})

/** A page that fails the test on any CSP refusal or script error, and never leaves 127.0.0.1. */
async function openPage(width: number, javaScriptEnabled = true): Promise<{page: Page; problems: string[]}> {
  const context = await browser.newContext({viewport: {width, height: 900}, javaScriptEnabled})
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(String(error)))
  await page.route((url) => !url.href.startsWith(server.origin), (route) => route.abort())
  return {page, problems}
}

/** Type `word` into the search page's field and wait for the status line of its search. */
async function search(page: Page, word: string): Promise<string[]> {
  await page.fill('#search-page', word)
  await page.press('#search-page', 'Enter')
  await page.locator('.search-status').filter({hasText: word}).waitFor({timeout: 20_000})
  // The newest quarter's matches may show first: the list is whole once every quarter is merged.
  await page.locator('.search-results[aria-busy="false"]').waitFor({state: 'attached', timeout: 20_000})
  return page.locator('.search-result h2 a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
}

describe('the search page in Chromium', () => {
  it('should find each published release by a word of its body, in English, German and Chinese, and the embargoed or draft release by none', async () => {
    const {page, problems} = await openPage(1280)
    await page.goto(`${server.origin}/press/search/`, {waitUntil: 'load'})
    expect(await search(page, searchWords.english)).toEqual(['/press/releases/2026-11-02-shore-power/'])
    expect(await search(page, searchWords.german)).toEqual(['/press/releases/2026-11-03-landstrom/'])
    // Part of a sentence without spaces: found only if the index and the query were split into words.
    expect(await search(page, searchWords.chinese)).toEqual(['/press/releases/2026-11-04-changzhou-storage/'])
    expect(await search(page, '电池')).toEqual(['/press/releases/2026-11-04-changzhou-storage/'])
    expect(await page.locator('.search-result').first().getAttribute('lang')).toBe('zh')
    expect(await search(page, searchWords.embargoed)).toEqual([])
    expect(await page.locator('.search-status').textContent()).toBe(`No release matches “${searchWords.embargoed}”.`)
    expect(await search(page, searchWords.draft)).toEqual([])
    // A German word finds the German release by its stem too.
    expect(await search(page, 'Fährterminals')).toEqual(['/press/releases/2026-11-03-landstrom/'])
    expect(problems).toEqual([])
    await page.context().close()
  }, 120_000)

  it('should find releases of two years in one search, loading one WebAssembly module per language however many years it spans', async () => {
    const {page, problems} = await openPage(1280)
    const requested: string[] = []
    // On the context, which also reports the requests of Pagefind's web workers.
    page.context().on('request', (request) => void requested.push(new URL(request.url()).pathname))
    await page.goto(`${server.origin}/press/search/`, {waitUntil: 'load'})
    expect(await page.locator('[data-search]').getAttribute('data-bundles')).toBe('de:/press/pagefind/de/2026-q4/ en:/press/pagefind/en/2026-q4/ en:/press/pagefind/en/2025-q2/ zh:/press/pagefind/zh/2026-q4/')
    expect((await search(page, 'ferry')).sort()).toEqual(['/press/releases/2025-06-10-ferry-tenders/', '/press/releases/2026-11-02-shore-power/'])
    // Each English shard's index was read, the older one merged into the newest one's instance, which alone loads
    // Pagefind's script and WebAssembly.
    const foldersOf = (pattern: RegExp) => [...new Set(requested.filter((path) => pattern.test(path)).map((path) => path.slice(0, path.lastIndexOf('/') + 1)))].sort()
    expect(foldersOf(/\.pf_meta$/)).toEqual(['/press/pagefind/de/2026-q4/', '/press/pagefind/en/2025-q2/', '/press/pagefind/en/2026-q4/', '/press/pagefind/zh/2026-q4/'])
    expect(foldersOf(/\/pagefind\.js$/)).toEqual(['/press/pagefind/de/2026-q4/', '/press/pagefind/en/2026-q4/', '/press/pagefind/zh/2026-q4/'])
    expect(foldersOf(/\/wasm\.[^/]+\.pagefind$/)).toEqual(['/press/pagefind/de/2026-q4/', '/press/pagefind/en/2026-q4/', '/press/pagefind/zh/2026-q4/'])
    await page.screenshot({path: join(artifacts, 'search-two-years.png'), fullPage: true})
    expect(problems).toEqual([])
    await page.context().close()
  }, 120_000)

  it('should show the newest quarter\'s matches while older quarters are merged, then the matches of every quarter', async () => {
    const {page, problems} = await openPage(1280)
    // The older English quarter is held back until the first matches show, as a slow network would.
    let letOlderThrough = () => {}
    const olderHeld = new Promise<void>((resolve) => (letOlderThrough = resolve))
    await page.route((url) => url.pathname.startsWith('/press/pagefind/en/2025-q2/'), async (route) => {
      await olderHeld
      await route.continue()
    })
    await page.goto(`${server.origin}/press/search/`, {waitUntil: 'load'})
    await page.fill('#search-page', 'ferry')
    await page.press('#search-page', 'Enter')
    await page.locator('.search-results[aria-busy="true"] .search-result').first().waitFor({timeout: 20_000})
    const links = () => page.locator('.search-result h2 a').evaluateAll((found) => found.map((link) => link.getAttribute('href') ?? ''))
    expect(await links()).toEqual(['/press/releases/2026-11-02-shore-power/'])
    letOlderThrough()
    await page.locator('.search-results[aria-busy="false"]').waitFor({state: 'attached', timeout: 20_000})
    expect((await links()).sort()).toEqual(['/press/releases/2025-06-10-ferry-tenders/', '/press/releases/2026-11-02-shore-power/'])
    expect(problems).toEqual([])
    await page.context().close()
  }, 120_000)

  it('should run the query of a link to it, and take the header form there from any page', async () => {
    const {page, problems} = await openPage(1280)
    await page.goto(`${server.origin}/press/releases/2026-11-02-shore-power/`, {waitUntil: 'load'})
    await page.fill('#site-search', 'Northwind')
    await Promise.all([page.waitForURL(/\/press\/search\/\?q=Northwind$/), page.press('#site-search', 'Enter')])
    await page.waitForSelector('.search-result')
    expect(await page.inputValue('#search-page')).toBe('Northwind')
    expect(await page.locator('.search-result h2 a').count()).toBeGreaterThanOrEqual(2)
    expect(await page.locator('.search-no-script').isVisible()).toBe(false)
    expect(problems).toEqual([])
    await page.context().close()
  }, 60_000)

  it('should offer the archive with JavaScript off', async () => {
    const {page} = await openPage(1280, false)
    await page.goto(`${server.origin}/press/search/?q=${searchWords.english}`, {waitUntil: 'load'})
    const fallback = page.locator('.search-fallback:visible')
    expect(await fallback.count()).toBe(1)
    expect(await fallback.textContent()).toBe('Search needs JavaScript in your browser. Browse every release in the archive')
    expect(await fallback.locator('a').getAttribute('href')).toBe('/press/archive/')
    await page.context().close()
  }, 60_000)

  it('should show results at desktop and phone widths without sideways scrolling', async () => {
    for (const width of [1280, 390]) {
      const {page, problems} = await openPage(width)
      await page.goto(`${server.origin}/press/search/?q=Northwind`, {waitUntil: 'load'})
      // The matches of every quarter, not only the newest one's: the English release of 2025 too.
      await page.locator('.search-results[aria-busy="false"] .search-result').first().waitFor({timeout: 20_000})
      expect(await page.locator('.search-result').count()).toBe(3)
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(width)
      await page.screenshot({path: join(artifacts, `search-results-${width}.png`), fullPage: true})
      expect(problems).toEqual([])
      await page.context().close()
    }
  }, 60_000)

  // Last: it edits the newsroom the other tests search.
  it('should extract only the edited release again after a one-release edit, and find its new word and no longer its removed one', async () => {
    const file = join(newsroom.releasesDir, '2026-11-02-shore-power.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace(searchWords.english, 'glimmerwharf'))
    const rebuilt = runCli(['build', '--now', searchNow], {cwd: newsroom.dir, env: {PRESSROOM_STATS: '1'}})
    expect(rebuilt.status, rebuilt.stdout + rebuilt.stderr).toBe(0)
    const stats = JSON.parse(/pressroom-stats (\{.*\})/.exec(rebuilt.stderr)?.[1] ?? '{}') as {rendered?: number; searchRecords?: number; searchShards?: string[]}
    // The other published releases' records came from the build cache, and the other shards were kept.
    expect([stats.rendered, stats.searchRecords, stats.searchShards]).toEqual([1, 1, ['en/2026-q4']])
    const {page, problems} = await openPage(1280)
    await page.goto(`${server.origin}/press/search/`, {waitUntil: 'load'})
    expect(await search(page, 'glimmerwharf')).toEqual(['/press/releases/2026-11-02-shore-power/'])
    expect(await search(page, searchWords.english)).toEqual([])
    // The unchanged releases, from their stored records, are still found.
    expect(await search(page, searchWords.german)).toEqual(['/press/releases/2026-11-03-landstrom/'])
    expect(await search(page, searchWords.chinese)).toEqual(['/press/releases/2026-11-04-changzhou-storage/'])
    expect(await search(page, searchWords.older)).toEqual(['/press/releases/2025-06-10-ferry-tenders/'])
    expect(problems).toEqual([])
    await page.context().close()
  }, 120_000)
})
