import {readFile, mkdir, writeFile} from 'node:fs/promises'
import type {Browser} from 'playwright-core'
import {afterAll, describe, expect, it} from 'vitest'
import {createAlertComposer} from '../../src/email/compose-alert.js'
import {createDigestComposer} from '../../src/email/compose-digest.js'
import {launchChromium} from '../support/launch-chromium.js'
import {testConfig} from '../support/test-config.js'
import {wireDigestReleases} from '../support/wire-digest-releases.js'

const artifacts = new URL('../artifacts/', import.meta.url)
const host = 'https://newsroom.northwind.example'
const config = testConfig({
  title: 'Northwind Newsroom',
  baseUrl: host,
  timeZone: 'Europe/Berlin',
  publisher: {name: 'Northwind Energy Systems', url: 'https://northwind.example', logo: `${host}/media/northwind-logo.svg`}
})
const now = Date.parse('2026-12-05T09:00:00Z')
const unsubscribe = `${host}/unsubscribe?token=abc.def`
const manage = `${host}/preferences?token=ghi.jkl`
// A dark mark on a transparent ground: the masthead must keep it readable on its band in both schemes.
const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="150" height="32" viewBox="0 0 150 32"><path d="M2 30V2h6l12 18V2h6v28h-6L8 12v18z" fill="#0b2540"/><text x="32" y="23" font-family="Arial" font-size="16" font-weight="bold" fill="#1c7ec2">NORTHWIND</text></svg>`

let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
})

describe('the digest and the alert in Chromium', () => {
  it('should lay out a digest and an alert at 600 and 390 px, light and dark, with every image loaded, no sideways scroll and a hidden preheader', async () => {
    const digest = await createDigestComposer(config, {now})(wireDigestReleases(5), unsubscribe, manage)
    const alert = await createAlertComposer(config)(wireDigestReleases(1), unsubscribe, manage)
    await mkdir(artifacts, {recursive: true})
    await writeFile(new URL('email-digest.txt', artifacts), `Subject: ${digest.subject}\n\n${digest.text}`)
    await writeFile(new URL('email-alert.txt', artifacts), `Subject: ${alert.subject}\n\n${alert.text}`)
    const photo = await readFile(new URL('../../public/media/harbour-shore-power.png', import.meta.url))

    browser = await launchChromium()
    for (const [name, html] of [['digest', digest.html], ['alert', alert.html]] as const) {
      for (const width of [600, 390]) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const page = await browser.newPage({viewport: {width, height: 800}})
          // The production host is served here; nothing else may load (no external CSS, fonts or trackers).
          const outside: string[] = []
          await page.route('**/*', (route) => {
            const url = route.request().url()
            if (url.endsWith('.png')) return route.fulfill({contentType: 'image/png', body: photo})
            if (url.endsWith('.svg')) return route.fulfill({contentType: 'image/svg+xml', body: logo})
            outside.push(url)
            return route.abort()
          })
          await page.emulateMedia({colorScheme})
          await page.setContent(html, {waitUntil: 'load'})
          const facts = (await page.evaluate(`({
            scrollWidth: document.documentElement.scrollWidth,
            broken: [...document.images].filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.src),
            preheaderHeight: document.querySelector('.preheader').getBoundingClientRect().height,
            container: getComputedStyle(document.querySelector('.container')).backgroundColor,
            headline: getComputedStyle(document.querySelector('.headline a')).color
          })`)) as {scrollWidth: number; broken: string[]; preheaderHeight: number; container: string; headline: string}
          const label = `${name} at ${width}px, ${colorScheme}`
          expect(facts.scrollWidth, `${label} scrolls sideways`).toBeLessThanOrEqual(width)
          expect(facts.broken, label).toEqual([])
          expect(outside, label).toEqual([])
          expect(facts.preheaderHeight, label).toBe(0)
          // Dark text on a light card, light text on a dark one: the scheme decides, the headline reads in both.
          expect(facts.container, label).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(22, 27, 34)')
          expect(facts.headline, label).toBe(colorScheme === 'light' ? 'rgb(20, 24, 31)' : 'rgb(241, 244, 248)')
          await page.screenshot({path: new URL(`email-${name}-${width}-${colorScheme}.png`, artifacts).pathname, fullPage: true})
          await page.close()
        }
      }
    }
  })
})
