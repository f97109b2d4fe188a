import {mkdir, mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {launchChromium} from '../support/launch-chromium.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {attr, byTag, parseHtml, textOf} from '../support/html-dom.js'
import {checkHtml, formatHtmlProblems} from '../support/check-html.js'
import {serveFolder} from '../support/serve-folder.js'

// The repository's own sample newsroom, built the way `npm start` builds it, served on 127.0.0.1 so its images load.
const repo = fileURLToPath(new URL('../../', import.meta.url))
const artifacts = fileURLToPath(new URL('../artifacts/sample-newsroom/', import.meta.url))
// Lazy images below the fold would be blank in a full-page shot: load them all and wait.
const loadLazyImages = `Promise.all([...document.images].map((image) => { image.loading = 'eager'; return image.decode().catch(() => {}) }))`

let dir = ''
let server: Awaited<ReturnType<typeof serveFolder>>
let published: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-sample-'))
  const out = join(dir, 'out')
  server = await serveFolder(out)
  const config = {...loadConfig(undefined, repo), baseUrl: server.origin}
  const result = await build({config, releasesDir: 'releases', outDir: out, now: Date.parse('2026-12-15T12:00:00Z'), cwd: repo, publicDir: 'public'})
  expect(result.ok, result.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(true)
  published = result.published.map((release) => release.urlPath)
  // The end-to-end fixture newsroom too: raw HTML that the sanitizer cut, a sub-path baseUrl, pages of two.
  const fixture = join(repo, 'tests/fixtures/newsroom')
  const fixtureConfig = loadConfig(undefined, fixture)
  const fixtureResult = await build({config: fixtureConfig, releasesDir: join(fixture, 'releases'), outDir: join(dir, 'fixture'), now: Date.parse('2025-09-20T12:00:00Z'), cwd: fixture, publicDir: 'public'})
  expect(fixtureResult.ok).toBe(true)
})
afterAll(async () => {
  await server.close()
  await rm(dir, {recursive: true, force: true})
})

describe('the sample newsroom site', () => {
  it('should pass the Nu HTML checker, as should the end-to-end fixture newsroom', async () => {
    // The site's pages only: `email/` holds the email preview, which the email tests check.
    const site: string[] = []
    for (const out of ['out', 'fixture']) {
      site.push(...(await readdir(join(dir, out))).filter((name) => name !== 'email').map((name) => join(dir, out, name)))
    }
    const problems = checkHtml(['--skip-non-html', '--also-check-css', ...site])
    expect(problems, formatHtmlProblems(problems)).toEqual([])
  }, 120_000)

  it('should give every published release a page whose JSON-LD names it', async () => {
    expect(published.length).toBeGreaterThan(2)
    for (const path of published) {
      const document = parseHtml(await readFile(join(dir, 'out', path, 'index.html'), 'utf8'))
      const article = JSON.parse(textOf(byTag(document, 'script')[0]!)) as {headline: string; url: string}
      expect(article.headline).toBe(textOf(byTag(document, 'h1')[0]!))
      expect(article.url).toBe(server.origin + path)
      expect(attr(byTag(document, 'html')[0]!, 'lang')).toMatch(/^[a-z]{2}/)
    }
  })

  it('should screenshot the index and every release page for review', {timeout: 180_000}, async () => {
    await mkdir(artifacts, {recursive: true})
    const browser = await launchChromium()
    try {
      for (const width of [1280, 390]) {
        const page = await browser.newPage({viewport: {width, height: 900}})
        await page.route((url) => !url.href.startsWith(server.origin), (route) => route.abort())
        for (const [index, path] of ['/', ...published].entries()) {
          await page.goto(server.origin + path, {waitUntil: 'load'})
          await page.evaluate(loadLazyImages)
          expect(Number(await page.evaluate('document.documentElement.scrollWidth')), `${path} at ${width}px`).toBeLessThanOrEqual(width)
          await page.screenshot({path: join(artifacts, `${index === 0 ? 'index' : path.split('/')[2]}-${width}.png`), fullPage: true})
        }
        await page.close()
      }
    } finally {
      await browser.close()
    }
  })
})
