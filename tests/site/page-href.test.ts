import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {pageHref} from '../../src/site/page-href.js'
import {writeSite} from '../../src/site/write-site.js'
import {attr, byTag, findAll, metaContents, parseHtml} from '../support/html-dom.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

const baseUrl = 'https://example.com/news'
const release = makeRelease({
  url: `${baseUrl}/releases/2025-09-15-harbour-grid-pilot/`,
  media: [
    {url: `${baseUrl}/media/ferry.png`, kind: 'image', mimeType: 'image/png', alt: 'A ferry'},
    {url: 'https://cdn.example.net/clip.mp4', kind: 'video', mimeType: 'video/mp4', alt: 'A clip'}
  ],
  organizations: [{slug: 'harbour', name: 'Harbour Power', logo: `${baseUrl}/media/logo.png`, tickers: []}]
})
let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-page-href-'))
  await writeSite({config: testConfig({baseUrl: `${baseUrl}/`}), releases: [release], outDir: dir, now: Date.parse('2026-01-01T00:00:00Z')})
})
afterAll(() => rm(dir, {recursive: true, force: true}))

const page = async (path: string) => parseHtml(await readFile(join(dir, path), 'utf8'))

describe('pageHref', () => {
  it('should make a URL under baseUrl root-relative with its path prefix, and leave every other URL as it is', () => {
    expect(pageHref('https://example.com/news/media/a%20b.png?v=2#top', 'https://example.com/news')).toBe('/news/media/a%20b.png?v=2#top')
    expect(pageHref('https://example.com/media/a.png', 'https://example.com')).toBe('/media/a.png')
    expect(pageHref('https://example.com/newsroom/a.png', 'https://example.com/news')).toBe('https://example.com/newsroom/a.png')
    expect(pageHref('http://example.com/news/a.png', 'https://example.com/news')).toBe('http://example.com/news/a.png')
    expect(pageHref('https://cdn.example.net/news/a.png', 'https://example.com/news')).toBe('https://cdn.example.net/news/a.png')
  })
})

describe('the URLs of pages', () => {
  it('should point a release page\'s own media root-relative under the path prefix, and Open Graph at the absolute URL', async () => {
    const document = await page('releases/2025-09-15-harbour-grid-pilot/index.html')
    const figures = findAll(document, (element) => element.tagName === 'figure')
    expect(attr(byTag(figures[0]!, 'img')[0]!, 'src')).toBe('/news/media/ferry.png')
    expect(byTag(figures[0]!, 'a').map((a) => attr(a, 'href'))).toEqual(['/news/media/ferry.png'])
    expect(attr(byTag(figures[1]!, 'video')[0]!, 'src')).toBe('https://cdn.example.net/clip.mp4')
    expect(metaContents(document, 'og:image')).toEqual([`${baseUrl}/media/ferry.png`])
    expect(attr(byTag(document, 'link').find((link) => attr(link, 'rel') === 'stylesheet')!, 'href')).toBe('/news/styles.css')
  })

  it('should point index thumbnails, organization logos and the feed links of the header and footer root-relative', async () => {
    const index = await page('index.html')
    expect(byTag(index, 'img').map((img) => attr(img, 'src'))).toEqual(['/news/media/ferry.png'])
    const visible = byTag(index, 'a').map((a) => attr(a, 'href') ?? '')
    expect(visible.filter((href) => /^https?:/.test(href))).toEqual([])
    expect(visible).toEqual(expect.arrayContaining(['/news/rss.xml', '/news/feed.json', '/news/archive/']))
    const organization = await page('organizations/harbour/index.html')
    expect(byTag(organization, 'img').map((img) => attr(img, 'src'))).toEqual(['/news/media/logo.png', '/news/media/ferry.png'])
    expect(byTag(organization, 'a').map((a) => attr(a, 'href'))).toContain('/news/organizations/harbour/rss.xml')
    // The feeds a page advertises in its head stay absolute, as the feeds themselves are.
    expect(byTag(index, 'link').filter((link) => attr(link, 'rel') === 'alternate').map((link) => attr(link, 'href'))).toEqual([`${baseUrl}/rss.xml`, `${baseUrl}/feed.json`])
  })
})
