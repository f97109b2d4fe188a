import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {parseFragment, type DefaultTreeAdapterMap} from 'parse5'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/build/build.js'
import {createDigestComposer} from '../src/email/compose-digest.js'
import type {JsonFeed} from '../src/feeds/json-feed.js'
import type {Release} from '../src/release/release.js'
import {attr, byTag, findAll, parseHtml, textOf, type Element} from './support/html-dom.js'
import {testConfig} from './support/test-config.js'

// Every field of these releases carries markup, script breaks, CDATA ends, dangerous URLs or non-ASCII tags.
const releasesDir = 'tests/fixtures/hostile-newsroom/releases'
const config = testConfig({title: 'Hostile Newsroom', publisher: {name: 'Hostile Publisher'}})
const now = Date.parse('2025-09-17T00:00:00Z')
const baseUrl = 'https://newsroom.example.com'

type Node = DefaultTreeAdapterMap['node']

const urlAttributes = new Set(['href', 'src', 'srcset', 'poster', 'action', 'formaction', 'data', 'cite', 'background', 'longdesc', 'lowsrc', 'dynsrc', 'ping', 'manifest', 'codebase', 'icon', 'usemap', 'xlink:href'])
const contentElements = ['iframe', 'object', 'embed', 'form', 'frame', 'frameset', 'applet', 'base']

/** A URL as a browser reads it: entities are decoded by the parser; tabs and newlines vanish, C0 and spaces are trimmed. */
function dangerousScheme(url: string): boolean {
  const read = url.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').toLowerCase()
  return read.startsWith('javascript:') || read.startsWith('vbscript:') || read.startsWith('data:text/html')
}

// The site's own search: a GET form to the search page in every header, and the search page's module script, a file
// the site serves. Nothing in a release can make either: the checks below still catch any other form or script.
function siteSearchForm(element: Element): boolean {
  return element.tagName === 'form' && attr(element, 'class') === 'search-form' && attr(element, 'method') === 'get' && attr(element, 'action') === '/search/'
}

function siteSearchScript(element: Element): boolean {
  return attr(element, 'type') === 'module' && attr(element, 'src') === '/search.js' && textOf(element) === ''
}

/** Every way `root` could run script or embed active content, as one line each (empty when it is safe). */
function activeContent(root: Node, where: string, options: {jsonLd?: boolean} = {}): string[] {
  const found: string[] = []
  for (const element of findAll(root, () => true)) {
    const name = element.tagName
    if (name === 'script') {
      if (options.jsonLd && attr(element, 'type') === 'application/ld+json') {
        const text = textOf(element)
        if (/<\/script/i.test(text)) found.push(`${where}: </script inside JSON-LD`)
        try {
          JSON.parse(text)
        } catch {
          found.push(`${where}: JSON-LD that is not JSON`)
        }
      } else if (!siteSearchScript(element)) found.push(`${where}: <script>`)
    }
    if (contentElements.includes(name) && !siteSearchForm(element)) found.push(`${where}: <${name}>`)
    for (const attribute of element.attrs) {
      const qualified = attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name
      if (/^on/i.test(attribute.name)) found.push(`${where}: <${name} ${qualified}>`)
      if (urlAttributes.has(qualified) || urlAttributes.has(attribute.name)) {
        const urls = attribute.name === 'srcset' ? attribute.value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '') : [attribute.value]
        for (const url of urls) if (dangerousScheme(url)) found.push(`${where}: <${name} ${qualified}="${attribute.value}">`)
      }
      if (attribute.name === 'style' && /javascript:|expression\(/i.test(attribute.value)) found.push(`${where}: <${name} style="${attribute.value}">`)
    }
    if (name === 'meta' && /refresh/i.test(attr(element, 'http-equiv') ?? '')) found.push(`${where}: <meta http-equiv=refresh>`)
  }
  return found
}

/** An HTML payload of a feed or email, parsed as a reader would parse it. */
function activeInFragment(html: string, where: string): string[] {
  return activeContent(parseFragment(html), where)
}

/** Whether an HTML payload that should be text is text: no element at all once parsed. */
function elementsIn(html: string): string[] {
  return findAll(parseFragment(html), () => true).map((element: Element) => element.tagName)
}

/** A URL fit for XML and feed readers: absolute http(s), ASCII only, nothing a URI forbids. */
function invalidUri(url: unknown): boolean {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return true
  if (!/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/.test(url) || /%(?![0-9A-Fa-f]{2})/.test(url)) return true
  return !URL.canParse(url)
}

let outDir: string
let files: string[]
let published: Release[]

beforeAll(async () => {
  outDir = join(await mkdtemp(join(tmpdir(), 'pressroom-hostile-')), 'out')
  const result = await build({config, releasesDir, outDir, now, workers: 0})
  expect(result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String))).toEqual([])
  published = result.published
  const entries = await readdir(outDir, {recursive: true, withFileTypes: true})
  files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(outDir.length + 1).split('\\').join('/')).sort()
})
afterAll(async () => {
  await rm(join(outDir, '..'), {recursive: true, force: true})
})

const read = (path: string) => readFile(join(outDir, path), 'utf8')
const xmlParser = new XMLParser({ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['item', 'url', 'media:content', 'category'].includes(name)})

describe('a newsroom of hostile releases', () => {
  it('should publish both hostile releases, with pages for the non-ASCII tags', () => {
    expect(published.map((release) => release.id)).toEqual(['2025-09-16-hostile-lede', '2025-09-15-hostile-front-matter'])
    expect(files).toEqual(expect.arrayContaining(['tags/énergie/index.html', 'tags/能源/index.html', 'tags/énergie/rss.xml', 'tags/能源/rss.xml']))
  })

  it('should leave no script but JSON-LD, no event handler, no dangerous URL and no embedded content in any page', async () => {
    const pages = files.filter((file) => file.endsWith('.html'))
    expect(pages.length).toBeGreaterThan(5)
    const found: string[] = []
    for (const page of pages) found.push(...activeContent(parseHtml(await read(page)), page, {jsonLd: true}))
    expect(found).toEqual([])
  })

  it('should write every RSS feed as well-formed XML whose HTML holds no active content and whose text fields are text', async () => {
    const feeds = files.filter((file) => file.endsWith('rss.xml'))
    expect(feeds).toEqual(expect.arrayContaining(['rss.xml', 'tags/énergie/rss.xml']))
    const found: string[] = []
    for (const feed of feeds) {
      const text = await read(feed)
      expect(XMLValidator.validate(text), feed).toBe(true)
      const channel = (xmlParser.parse(text) as {rss: {channel: Record<string, unknown> & {item?: Array<Record<string, unknown>>}}}).rss.channel
      const uris = [channel.link, (channel['atom:link'] as Record<string, unknown>)['@_href']]
      for (const item of channel.item ?? []) {
        const release = published.find((candidate) => candidate.url === item.link)
        expect(release, `${feed}: ${String(item.link)}`).toBeDefined()
        expect(item.title, feed).toBe(release?.title)
        found.push(...activeInFragment(String(item['content:encoded'] ?? ''), `${feed} content:encoded`))
        found.push(...activeInFragment(String(item.description ?? ''), `${feed} description`))
        expect(elementsIn(String(item.description ?? '')), `${feed} description`).toEqual([])
        expect(textOf(parseFragment(String(item.description ?? ''))), feed).toBe(release?.summary)
        uris.push(item.link, (item.guid as Record<string, unknown>)['#text'])
        for (const media of (item['media:content'] as Array<Record<string, unknown>> | undefined) ?? []) uris.push(media['@_url'])
        if (item.enclosure !== undefined) uris.push((item.enclosure as Record<string, unknown>)['@_url'])
      }
      expect(uris.filter(invalidUri), feed).toEqual([])
    }
    expect(found).toEqual([])
  })

  it('should write the JSON Feed with HTML that holds no active content, plain-text fields as given, and valid URLs', async () => {
    const feed = JSON.parse(await read('feed.json')) as JsonFeed
    expect(feed.items.length).toBe(2)
    const found: string[] = []
    const uris: unknown[] = [feed.home_page_url, feed.feed_url]
    for (const item of feed.items) {
      const release = published.find((candidate) => candidate.url === item.url)
      found.push(...activeInFragment(item.content_html, `feed.json ${item.id}`))
      // JSON Feed 1.1 defines `title` and `summary` as plain text: readers show them as they are, so they must be the text.
      expect(item.title).toBe(release?.title)
      expect(item.summary).toBe(release?.summary)
      uris.push(item.id, item.url, ...(item.image === undefined ? [] : [item.image]), ...item.authors.flatMap((author) => (author.url === undefined ? [] : [author.url])))
    }
    expect(found).toEqual([])
    expect(uris.filter(invalidUri)).toEqual([])
  })

  it('should write both sitemaps as well-formed XML of valid, percent-encoded URLs that name the written pages', async () => {
    for (const file of ['sitemap.xml', 'news-sitemap.xml']) {
      const text = await read(file)
      expect(XMLValidator.validate(text), file).toBe(true)
      const urls = (xmlParser.parse(text) as {urlset: {url: Array<{loc: string; 'news:news'?: {'news:title': string}}>}}).urlset.url
      expect(urls.map((url) => url.loc).filter(invalidUri), file).toEqual([])
      for (const url of urls) {
        // The URL, decoded, is where the page was written: what a static host serves for it.
        const path = decodeURIComponent(new URL(url.loc).pathname).slice(1)
        expect(files, url.loc).toContain(path.endsWith('/') || path === '' ? `${path}index.html` : path)
        if (url['news:news']) expect(published.map((release) => release.title)).toContain(url['news:news']['news:title'])
      }
    }
    const sitemap = await read('sitemap.xml')
    expect(sitemap).toContain(`<loc>${baseUrl}/tags/%C3%A9nergie/</loc>`)
    expect(sitemap).toContain(`<loc>${baseUrl}/tags/%E8%83%BD%E6%BA%90/</loc>`)
  })

  it('should name the tag feeds by their percent-encoded URL in the feeds themselves and in the tag pages', async () => {
    const feed = await read('tags/énergie/rss.xml')
    expect(feed).toContain(`<atom:link href="${baseUrl}/tags/%C3%A9nergie/rss.xml" rel="self" type="application/rss+xml"/>`)
    const page = parseHtml(await read('tags/énergie/index.html'))
    const alternates = byTag(page, 'link').filter((link) => attr(link, 'rel') === 'alternate').map((link) => attr(link, 'href'))
    expect(alternates).toContain(`${baseUrl}/tags/%C3%A9nergie/rss.xml`)
  })

  it('should compose a digest email whose HTML holds no active content', async () => {
    const compose = createDigestComposer(config, {now})
    const digest = await compose(published, `${baseUrl}/unsubscribe?token=abc`)
    expect(digest.html).toContain('Harbour pilot with a code span in its lede')
    expect(activeContent(parseHtml(digest.html), 'digest')).toEqual([])
  })
})
