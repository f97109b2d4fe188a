import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser} from 'playwright-core'
import {launchChromium} from '../support/launch-chromium.js'
import {afterAll, describe, expect, it} from 'vitest'
import {writeSite} from '../../src/site/write-site.js'
import {serveFolder} from '../support/serve-folder.js'
import {testConfig} from '../support/test-config.js'
import {sampleReleases} from './sample-releases.js'

// Lazy images below the fold would be blank in a full-page shot: load them all and wait.
const loadLazyImages = `Promise.all([...document.images].map((image) => { image.loading = 'eager'; return image.decode().catch(() => {}) }))`
const artifacts = new URL('../artifacts/', import.meta.url)
// A stand-in press photo, served locally so the screenshot needs no network.
const photo = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f4c58a"/><stop offset="0.6" stop-color="#9fb9cf"/><stop offset="1" stop-color="#3f6684"/></linearGradient></defs>
<rect width="1600" height="900" fill="url(#sky)"/><rect y="620" width="1600" height="280" fill="#2b4a63"/>
<path d="M380 560h760l-60 90H450z" fill="#1d2b36"/><rect x="700" y="430" width="180" height="130" fill="#e9eef2"/><rect x="900" y="500" width="60" height="60" fill="#c0392b"/>
</svg>`

let dir = ''
let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
  await rm(dir, {recursive: true, force: true})
})

describe('screenshots with headless Chromium', () => {
  it('should render the index, a release and a tag page at desktop and phone widths without sideways scrolling, and print without nav or forms', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-shot-'))
    const server = await serveFolder(dir)
    try {
      const config = testConfig({baseUrl: server.origin, description: 'News, results and media resources from the Example group', subscribeUrl: `${server.origin}/subscribe`})
      const releases = sampleReleases().map((release) => ({
        ...release,
        media: release.media.map((item) => (item.kind === 'image' ? {...item, url: `${server.origin}/media/cable-ship.svg`} : item))
      }))
      await writeSite({config, releases, outDir: dir, now: 0})
      await mkdir(join(dir, 'media'))
      await writeFile(join(dir, 'media/cable-ship.svg'), photo)
      await mkdir(artifacts, {recursive: true})

      browser = await launchChromium()
      const shots = [
        {name: 'index', path: '/'},
        {name: 'release', path: releases[0]!.urlPath},
        {name: 'tag', path: '/tags/energy/'},
        {name: 'tags', path: '/tags/'},
        {name: 'not-found', path: '/no/such/page/'}
      ]
      for (const width of [1280, 390]) {
        const page = await browser.newPage({viewport: {width, height: 900}})
        // Nothing leaves the machine: the video and feeds point at example.com.
        await page.route((url) => !url.href.startsWith(server.origin), (route) => route.abort())
        for (const shot of shots) {
          await page.goto(server.origin + shot.path, {waitUntil: 'load'})
          await page.evaluate(loadLazyImages)
          const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'))
          expect(scrollWidth, `${shot.name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(width)
          await page.screenshot({path: join(artifacts.pathname, `${shot.name}-${width}.png`), fullPage: true})
        }
        await page.close()
      }
      // Print: nav, forms and pager hidden, links spelled out.
      const print = await browser.newPage({viewport: {width: 800, height: 1100}})
      await print.route((url) => !url.href.startsWith(server.origin), (route) => route.abort())
      await print.emulateMedia({media: 'print'})
      await print.goto(server.origin + releases[0]!.urlPath, {waitUntil: 'load'})
      expect(await print.locator('form, .site-nav').evaluateAll((elements) => elements.map((element) => element.checkVisibility()))).toEqual([false, false, false])
      await print.screenshot({path: join(artifacts.pathname, 'release-print.png'), fullPage: true})
      await print.close()
    } finally {
      await server.close()
    }
  })
})
