import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser} from 'playwright-core'
import sharp from 'sharp'
import {afterAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {launchChromium} from '../support/launch-chromium.js'
import {serveFolder} from '../support/serve-folder.js'
import {testConfig} from '../support/test-config.js'

const artifacts = new URL('../artifacts/', import.meta.url)
// A stand-in press photo, drawn here and made a JPEG by sharp, so the page needs no network.
const photo = `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1350" viewBox="0 0 1600 900">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f4c58a"/><stop offset="0.6" stop-color="#9fb9cf"/><stop offset="1" stop-color="#3f6684"/></linearGradient></defs>
<rect width="1600" height="900" fill="url(#sky)"/><rect y="620" width="1600" height="280" fill="#2b4a63"/>
<path d="M380 560h760l-60 90H450z" fill="#1d2b36"/><rect x="700" y="430" width="180" height="130" fill="#e9eef2"/><rect x="900" y="500" width="60" height="60" fill="#c0392b"/>
</svg>`
const release = `---
title: Northwind opens shore power at the Kiel ferry quay
subtitle: Ferries switch off their engines while moored
dateline: KIEL, Germany
source: Northwind Ports
media:
  url: /media/quay.jpg
  caption: The first ferry connected to shore power at the Kiel quay.
  alt: A ferry moored at a quay at dusk, a charging cabinet beside it
---

Northwind Ports today opened shore power at its Kiel ferry quay, so ferries can switch off their engines while moored.

The installation supplies up to 16 megawatts and serves two berths.
`

// What the page's image shows of itself: whether it has loaded, which candidate, and its box.
const imageState = `(() => { const image = document.querySelector('.media img'); const box = image.getBoundingClientRect(); return {complete: image.complete && image.naturalWidth > 0, src: image.currentSrc, natural: image.naturalWidth, width: box.width, height: box.height} })()`

let dir = ''
let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('a release with an image in Chromium', () => {
  it('should show the size that fits the screen in WebP, with its room kept before it loads, at desktop and phone widths', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pressroom-image-shot-'))
    mkdirSync(join(dir, 'releases'))
    mkdirSync(join(dir, 'public', 'media'), {recursive: true})
    writeFileSync(join(dir, 'public', 'media', 'quay.jpg'), await sharp(Buffer.from(photo)).jpeg({quality: 90}).toBuffer())
    writeFileSync(join(dir, 'releases', '2025-09-15-shore-power.md'), release)
    const result = await build({config: testConfig(), releasesDir: 'releases', outDir: 'out', publicDir: 'public', now: Date.parse('2026-01-01T00:00:00Z'), cwd: dir, workers: 0})
    expect(result.ok).toBe(true)
    const server = await serveFolder(join(dir, 'out'))
    try {
      browser = await launchChromium()
      mkdirSync(artifacts, {recursive: true})
      for (const [width, expected] of [[1280, /-960\.webp$/], [390, /-480\.webp$/]] as const) {
        const page = await browser.newPage({viewport: {width, height: 900}})
        await page.route((url) => !url.href.startsWith(server.origin), (route) => route.abort())
        // Before any image arrives, the image's box already has its final height: the text below it does not move.
        let release = () => {}
        const held = new Promise<void>((resolve) => (release = resolve))
        await page.route(/\/_media\//, async (route) => {
          await held
          await route.continue()
        })
        await page.goto(`${server.origin}/releases/2025-09-15-shore-power/`, {waitUntil: 'domcontentloaded'})
        // The stylesheet is not held back: measure once it applies, as a reader sees the page.
        await page.waitForFunction('[...document.styleSheets].some((sheet) => sheet.cssRules.length > 0)')
        const early = (await page.evaluate(imageState)) as {complete: boolean; width: number; height: number}
        expect(early.complete).toBe(false)
        expect(early.height).toBeCloseTo((early.width * 1350) / 2400, 0)
        release()
        await page.waitForLoadState('load')
        const loaded = (await page.evaluate(imageState)) as {src: string; natural: number; height: number}
        expect(loaded.src).toMatch(expected)
        expect(loaded.natural).toBeGreaterThan(0)
        expect(loaded.height).toBeCloseTo(early.height, 0)
        expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(width)
        await page.screenshot({path: join(artifacts.pathname, `release-image-${width}.png`), fullPage: true})
        await page.close()
      }
    } finally {
      await server.close()
    }
  })
})
