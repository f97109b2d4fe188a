import {cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checkHtml, formatHtmlProblems} from '../support/check-html.js'
import {attr, findAll, parseHtml} from '../support/html-dom.js'
import {launchChromium} from '../support/launch-chromium.js'
import {runCli} from '../support/run-cli.js'
import {serveFolder} from '../support/serve-folder.js'

// Two newsrooms built by the real CLI with a `baseUrl` on a production host under a path prefix, then served from
// 127.0.0.1 under that prefix: every page must work on a host that is not the production one. The repository's sample
// newsroom, and the wire-complete fixture with an Arabic release carrying an image, a video and an audio file of its
// own, an organization logo, and German and Chinese translations.
const repo = fileURLToPath(new URL('../../', import.meta.url))
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url))
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const artifacts = fileURLToPath(new URL('../artifacts/archive/', import.meta.url))
const prefix = '/news'
// Far more pages than either newsroom has: the crawl stops there rather than run on if a page links without end.
const maxUrls = 2000

interface Newsroom {
  name: string
  /** Copies its sources into `dir`. */
  setUp(dir: string): void
  now: string
  dir: string
  out: string
  server?: Awaited<ReturnType<typeof serveFolder>>
  productionBase: string
}

const newsrooms: Newsroom[] = [
  {
    name: 'the sample newsroom',
    setUp: (dir) => {
      for (const name of ['pressroom.config.json', 'releases', 'organizations', 'public']) cpSync(join(repo, name), join(dir, name), {recursive: true})
    },
    now: '2026-12-15T12:00:00Z',
    dir: '',
    out: '',
    productionBase: 'https://newsroom.northwind.example/news'
  },
  {
    name: 'the fixture newsroom with every media kind, CJK and right-to-left text',
    setUp: (dir) => {
      cpSync(join(fixtures, 'wire-newsroom'), dir, {recursive: true})
      cpSync(join(fixtures, 'crawl-newsroom'), dir, {recursive: true})
    },
    now: '2026-03-10T12:00:00Z',
    dir: '',
    out: '',
    productionBase: 'https://newsroom.ostwind.example/news'
  }
]

beforeAll(async () => {
  for (const newsroom of newsrooms) {
    newsroom.dir = mkdtempSync(join(tmpdir(), 'pressroom-crawl-'))
    newsroom.setUp(newsroom.dir)
    const configFile = join(newsroom.dir, 'pressroom.config.json')
    writeFileSync(configFile, JSON.stringify({...(JSON.parse(readFileSync(configFile, 'utf8')) as object), baseUrl: newsroom.productionBase + '/'}))
    const result = runCli(['build', '--now', newsroom.now], {cwd: newsroom.dir})
    expect(result.status, result.stderr).toBe(0)
    // out/ is a link to the build it swapped in: the real folder, so vnu sees the files.
    newsroom.out = realpathSync(join(newsroom.dir, 'out'))
    newsroom.server = await serveFolder(newsroom.out, {prefix})
  }
}, 180_000)
afterAll(async () => {
  for (const newsroom of newsrooms) {
    await newsroom.server?.close()
    if (newsroom.dir) rmSync(newsroom.dir, {recursive: true, force: true})
  }
})

/** Every URL a page names in an attribute a browser or a crawler follows: links, GET forms, images, media, scripts, styles, Open Graph. */
function referencesOf(html: string): string[] {
  const found: string[] = []
  for (const element of findAll(parseHtml(html), () => true)) {
    for (const name of ['href', 'src', 'poster']) {
      const value = attr(element, name)
      if (value !== undefined) found.push(value)
    }
    // A GET form is a way in too (the header's search form is how readers reach the search page).
    const action = attr(element, 'action')
    if (element.tagName === 'form' && (attr(element, 'method') ?? 'get').toLowerCase() === 'get' && action !== undefined) found.push(action)
    const srcset = attr(element, 'srcset')
    if (srcset !== undefined) found.push(...srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? ''))
    const property = attr(element, 'property') ?? attr(element, 'name') ?? ''
    if (element.tagName === 'meta' && /^(og:(url|image)|twitter:image)$/.test(property)) found.push(attr(element, 'content') ?? '')
  }
  return found
}

/**
 * Crawl from the home page: fetch every same-site URL once (the production base counts as the site, read from the
 * local server), parse each HTML page with parse5 and follow what it names. Returns the pages reached and every URL
 * that did not answer 200, with the first page that named it.
 */
async function crawl(newsroom: Newsroom): Promise<{pages: string[]; broken: string[]; checked: number}> {
  const origin = (newsroom.server as {origin: string}).origin
  const local = (url: URL) => (url.href.startsWith(newsroom.productionBase + '/') ? new URL(origin + prefix + url.href.slice(newsroom.productionBase.length)) : url)
  const start = `${origin}${prefix}/`
  const referrers = new Map<string, string>([[start, '(start)'], [`${origin}${prefix}/404.html`, '(start)']])
  const queue = [...referrers.keys()]
  const pages: string[] = []
  const broken: string[] = []
  while (queue.length > 0) {
    expect(referrers.size, 'a crawl without end').toBeLessThan(maxUrls)
    const url = queue.shift() as string
    const response = await fetch(url, {redirect: 'manual'})
    if (response.status !== 200) broken.push(`${url} answered ${response.status}, named by ${referrers.get(url)}`)
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html') || response.status !== 200) {
      await response.body?.cancel()
      continue
    }
    pages.push(url)
    for (const reference of referencesOf(await response.text())) {
      let target: URL
      try {
        target = local(new URL(reference, url))
      } catch {
        broken.push(`${reference} does not parse, named by ${url}`)
        continue
      }
      target.hash = ''
      if (target.origin !== origin || referrers.has(target.href)) continue
      referrers.set(target.href, url)
      queue.push(target.href)
    }
  }
  return {pages, broken, checked: referrers.size}
}

/** The site path of every HTML page in out/, as the server serves it. */
function htmlPages(newsroom: Newsroom): string[] {
  return readdirSync(newsroom.out, {recursive: true, encoding: 'utf8'})
    .filter((path) => path.endsWith('.html'))
    .map((path) => `${prefix}/${path.split('\\').join('/').replace(/(^|\/)index\.html$/, '$1')}`)
    .sort()
}

describe.each(newsrooms)('crawling $name under a path prefix on 127.0.0.1', (newsroom) => {
  it('should reach every page from the home page and find no broken link, image, stylesheet, script or media file', async () => {
    const {pages, broken, checked} = await crawl(newsroom)
    expect(broken).toEqual([])
    const origin = (newsroom.server as {origin: string}).origin
    expect(pages.map((url) => decodeURI(url.slice(origin.length))).sort()).toEqual(htmlPages(newsroom))
    expect(checked).toBeGreaterThan(pages.length)
  }, 120_000)
})

describe('the archive and 404 pages of the sample newsroom, looked at', () => {
  it('should show an archive year and the 404 page at 1280 and 390 px without sideways scrolling', async () => {
    const newsroom = newsrooms[0] as Newsroom
    const origin = (newsroom.server as {origin: string}).origin
    const year = readdirSync(join(newsroom.out, 'archive')).filter((name) => /^\d{4}$/.test(name)).sort()[0] as string
    let browser: Browser | undefined
    try {
      browser = await launchChromium()
      mkdirSync(artifacts, {recursive: true})
      for (const width of [1280, 390]) {
        const page = await browser.newPage({viewport: {width, height: 900}})
        for (const [name, path] of [['archive-year', `/archive/${year}/`], ['404', '/no-such-page/']] as const) {
          const response = await page.goto(`${origin}${prefix}${path}`, {waitUntil: 'load'})
          expect(response?.status()).toBe(name === '404' ? 404 : 200)
          // Lazy images below the fold would be blank in a full-page shot: load them all first.
          await page.evaluate(`Promise.all([...document.images].map((image) => { image.loading = 'eager'; return image.decode().catch(() => {}) }))`)
          expect(await page.evaluate('document.documentElement.scrollWidth'), `${name} at ${width} px`).toBeLessThanOrEqual(width)
          // Its stylesheet loaded from under the prefix: an unstyled page would still pass the width check.
          expect(await page.evaluate('getComputedStyle(document.querySelector(".site-header")).backgroundColor')).not.toBe('rgba(0, 0, 0, 0)')
          await page.screenshot({path: join(artifacts, `${name}-${width}.png`), fullPage: true})
        }
        await page.close()
      }
    } finally {
      await browser?.close()
    }
  }, 120_000)
})

describe('every page of both newsrooms', () => {
  it('should have no error in the Nu HTML checker (one run over both out folders)', () => {
    const problems = checkHtml(['--skip-non-html', '--also-check-css', ...newsrooms.map((newsroom) => newsroom.out)])
    expect(problems, formatHtmlProblems(problems)).toEqual([])
  }, 180_000)

  it('should have no serious or critical axe-core violation in Chromium', async () => {
    let browser: Browser | undefined
    try {
      browser = await launchChromium()
      const page = await browser.newPage()
      const violations: string[] = []
      let audited = 0
      for (const newsroom of newsrooms) {
        const origin = (newsroom.server as {origin: string}).origin
        const pages = htmlPages(newsroom).map((path) => origin + path)
        expect(pages.length).toBeGreaterThan(10)
        for (const url of pages) {
          await page.goto(url, {waitUntil: 'load'})
          await page.addScriptTag({path: axeScript})
          // A string, run in the page: axe is the page's global there, not this module's.
          const found = (await page.evaluate(`axe.run().then(({violations}) => violations
            .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
            .map((violation) => violation.id + ' (' + violation.impact + '): ' + violation.help + ' at ' + violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')))`)) as string[]
          violations.push(...found.map((line) => `${url}: ${line}`))
          audited++
        }
      }
      expect(violations).toEqual([])
      expect(audited).toBe(newsrooms.reduce((sum, newsroom) => sum + htmlPages(newsroom).length, 0))
    } finally {
      await browser?.close()
    }
  }, 300_000)
})
