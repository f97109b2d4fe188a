import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {parse, parseFragment} from 'parse5'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {readTree} from '../support/read-tree.js'
import {runCli} from '../support/run-cli.js'

type Node = {nodeName: string; tagName?: string; value?: string; attrs?: Array<{name: string; value: string}>; childNodes?: Node[]; content?: Node}
const walk = (node: Node): Node[] => [node, ...(node.childNodes ?? []).flatMap(walk), ...(node.content ? walk(node.content) : [])]
const attr = (node: Node, name: string) => node.attrs?.find((a) => a.name === name)?.value
const textOf = (node: Node): string => (node.nodeName === '#text' ? (node.value ?? '') : (node.childNodes ?? []).map(textOf).join(''))

const fixture = join(import.meta.dirname, '../fixtures/newsroom')
const baseUrl = 'https://news.acme.example/press'
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-build-'))
  cpSync(fixture, dir, {recursive: true})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const build = (now: string, ...extra: string[]) => runCli(['build', '--now', now, ...extra], {cwd: dir})
const page = (path: string) => walk(parse(readFileSync(join(dir, 'out', path), 'utf8')) as unknown as Node)

/** Every script element's body and every event-handler attribute anywhere in an HTML document or fragment. */
function unsafeIn(nodes: Node[]): string[] {
  const found: string[] = []
  for (const node of nodes) {
    // Our own scripts are files the site serves (the search page's); a release can only bring inline ones or others.
    const ours = attr(node, 'type') === 'module' && /^\/press\/search\.js$/.test(attr(node, 'src') ?? '') && textOf(node) === ''
    if (node.nodeName === 'script' && attr(node, 'type') !== 'application/ld+json' && !ours) found.push(`script: ${attr(node, 'src') ?? ''} ${textOf(node)}`)
    for (const a of node.attrs ?? []) {
      if (/^on/i.test(a.name)) found.push(`${node.nodeName}[${a.name}]`)
      if (/^\s*(javascript|data):/i.test(a.value)) found.push(`${node.nodeName}[${a.name}=${a.value}]`)
    }
  }
  return found
}

describe('pressroom build, end to end', () => {
  it('should publish a newsroom whose pages, JSON-LD and feeds parse, with held-back releases nowhere', () => {
    const result = build('2025-09-20T12:00:00Z')
    expect(result.status).toBe(0)
    expect(result.stderr.match(/^[^\s\d].*$/gm)).toEqual(['releases/2025-03-02-berlin-office.md', '⚠ 3 warnings'])
    expect(result.stderr.match(/warning .* raw-html-removed/g)).toHaveLength(2)
    expect(result.stderr.match(/warning .* image-alt-missing/g)).toHaveLength(1)
    expect(result.stdout).toContain('held back: releases/2025-10-01-quarterly-results.md (embargoed until 2025-10-01T06:00:00-07:00)')
    expect(result.stdout).toContain('held back: releases/2025-10-05-secret-plans.md (draft)')
    expect(result.stdout).toMatch(/^pressroom: published 2, held back 2 \(1 draft, 1 embargoed\) into out\/ in \d+\.\d\d s; browse it with `npx pressroom dev` \(http:\/\/127\.0\.0\.1:4000\/\)$/m)

    const nodes = page('releases/2025-09-15-changzhou-plant/index.html')
    const html = nodes.find((node) => node.nodeName === 'html') as Node
    expect(attr(html, 'lang')).toBe('en')
    const meta = (key: string) => nodes.find((node) => node.nodeName === 'meta' && (attr(node, 'property') === key || attr(node, 'name') === key))
    expect(attr(meta('description') as Node, 'content')).toBe('Acme Industries opened its battery plant in Changzhou on Monday, with 400 jobs in the first year.')
    // Shared with the image's 1200×630 social crop, named after the picture and its content.
    expect(attr(meta('og:image') as Node, 'content')).toMatch(new RegExp(`^${baseUrl}/_media/plant-[0-9a-f]{10}-social\\.jpg$`))
    const canonical = nodes.find((node) => node.nodeName === 'link' && attr(node, 'rel') === 'canonical') as Node
    expect(attr(canonical, 'href')).toBe(`${baseUrl}/releases/2025-09-15-changzhou-plant/`)
    const lede = nodes.find((node) => node.nodeName === 'strong' && attr(node, 'class') === 'dateline') as Node
    expect(textOf(lede)).toBe('CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --')
    const source = nodes.filter((node) => node.nodeName === 'p' && attr(node, 'class') === 'source')
    expect(source.map(textOf)).toEqual(['Source: Acme Industries'])
    const ld = JSON.parse(textOf(nodes.find((node) => attr(node, 'type') === 'application/ld+json') as Node))
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Acme opens battery plant in Changzhou',
      datePublished: '2025-09-15T08:00:00+08:00',
      dateline: 'CHANGZHOU, China',
      inLanguage: 'en',
      url: `${baseUrl}/releases/2025-09-15-changzhou-plant/`
    })
    expect(nodes.some((node) => node.nodeName === 'table')).toBe(true)
    expect(readFileSync(join(dir, 'out/media/plant.png')).length).toBeGreaterThan(1000)

    const german = page('releases/2025-03-02-berlin-office/index.html')
    expect(attr(german.find((node) => node.nodeName === 'html') as Node, 'lang')).toBe('de')
    expect(textOf(german.find((node) => attr(node, 'class') === 'dateline') as Node)).toBe('BERLIN, Deutschland, 2. März 2025 --')

    const files = readTree(join(dir, 'out'))
    for (const [path, bytes] of files) {
      const text = bytes.toString('utf8')
      expect(text, path).not.toContain('quarterly-results')
      expect(text, path).not.toContain('secret-plans')
      expect(text, path).not.toContain('record results')
    }

    const rss = readFileSync(join(dir, 'out/rss.xml'), 'utf8')
    expect(XMLValidator.validate(rss)).toBe(true)
    const channel = new XMLParser({ignoreAttributes: false}).parse(rss).rss.channel
    expect(channel.item.map((item: {guid: {'#text': string}}) => item.guid['#text'])).toEqual([
      `${baseUrl}/releases/2025-09-15-changzhou-plant/`,
      `${baseUrl}/releases/2025-03-02-berlin-office/`
    ])
    const feed = JSON.parse(readFileSync(join(dir, 'out/feed.json'), 'utf8'))
    expect(feed.items.map((item: {id: string}) => item.id)).toHaveLength(2)
  })

  it('should keep every internal link and asset inside the site, even when it lives under a sub-path', () => {
    expect(build('2025-09-20T12:00:00Z').status).toBe(0)
    for (const path of ['index.html', 'releases/2025-09-15-changzhou-plant/index.html', 'tags/china/index.html']) {
      const pageUrl = new URL(path.replace(/index\.html$/, ''), baseUrl + '/')
      for (const node of page(path)) {
        const target = attr(node, 'href') ?? attr(node, 'src')
        if (target === undefined || target.startsWith('#') || target.startsWith('mailto:')) continue
        const url = new URL(target, pageUrl)
        if (url.host !== 'news.acme.example') continue
        expect(url.href, `${path}: ${target}`).toMatch(/^https:\/\/news\.acme\.example\/(press\/|subscribe$)/)
      }
    }
  })

  it('should let no script or event handler from a release reach any page, feed or email', () => {
    expect(build('2025-10-02T00:00:00Z').status).toBe(0)
    for (const [path, bytes] of readTree(join(dir, 'out'))) {
      const text = bytes.toString('utf8')
      if (path.endsWith('.html')) expect(unsafeIn(walk(parse(text) as unknown as Node)), path).toEqual([])
      if (path.endsWith('.xml') && text.includes('<item>')) {
        const items = [new XMLParser().parse(text).rss.channel.item].flat() as Array<Record<string, string>>
        for (const item of items) {
          if (String(item.link).includes('quarterly-results')) expect(item.title).toBe(`Acme results </script><script>alert('title')</script> & more`)
          expect(unsafeIn(walk(parseFragment(String(item['content:encoded'] ?? '')) as unknown as Node)), path).toEqual([])
        }
      }
      if (path.endsWith('.json')) {
        for (const item of JSON.parse(text).items ?? []) {
          expect(unsafeIn(walk(parseFragment(item.content_html) as unknown as Node)), path).toEqual([])
        }
      }
    }
    const title = page('releases/2025-10-01-quarterly-results/index.html').find((node) => node.nodeName === 'h1') as Node
    expect(textOf(title)).toBe(`Acme results </script><script>alert('title')</script> & more`)
  })

  it('should publish an embargoed release once --now passes its embargo, and not a second before', () => {
    expect(build('2025-10-01T12:59:59Z').status).toBe(0)
    expect(readTree(join(dir, 'out')).has('releases/2025-10-01-quarterly-results/index.html')).toBe(false)
    expect(build('2025-10-01T13:00:00Z').status).toBe(0)
    const files = readTree(join(dir, 'out'))
    expect(files.has('releases/2025-10-01-quarterly-results/index.html')).toBe(true)
    expect(files.get('rss.xml')?.toString()).toContain('2025-10-01-quarterly-results')
    expect(files.get('sitemap.xml')?.toString()).toContain('2025-10-01-quarterly-results')
  })

  it('should fail with file:line:column messages and leave out/ exactly as it was', () => {
    expect(build('2025-09-20T12:00:00Z').status).toBe(0)
    const before = readTree(join(dir, 'out'))
    writeFileSync(join(dir, 'releases/2025-09-16-broken.md'), '---\ntitle: Broken\ndateline: X\nsource: Y\ndate: 2025-09-17T10:00:00+02:00\n---\n\nBody.\n')
    writeFileSync(join(dir, 'releases/2025-09-17-no-title.md'), '---\ndateline: X\nsource: Y\n---\n\nBody.\n')
    const result = build('2025-09-20T12:00:00Z')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('releases/2025-09-16-broken.md\n5:7 ')
    expect(result.stderr).toContain('date-mismatch')
    expect(result.stderr).toContain('releases/2025-09-17-no-title.md\n1:1 ')
    expect(result.stderr).toContain('missing-key')
    expect(result.stderr).toContain("pressroom: build failed; out/ was left as it was")
    expect(result.stdout).toBe('')
    expect(readTree(join(dir, 'out'))).toEqual(before)
  })

  it('should report a bad config value as one line naming the key, without a stack trace', () => {
    writeFileSync(join(dir, 'pressroom.config.json'), JSON.stringify({title: 'Acme', baseUrl: 'ftp://acme.example', pageSize: 0}))
    const result = build('2025-09-20T12:00:00Z')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^pressroom: Invalid `baseUrl` in .*pressroom\.config\.json: expected an absolute http\(s\) URL \(and 1 more\) \[CONFIG_INVALID\]\n  hint: .+\n$/)
  })

  it('should refuse to replace a folder it did not write', () => {
    writeFileSync(join(dir, 'notes.txt'), 'keep me')
    const result = runCli(['build', '--out', '.'], {cwd: dir})
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('[OUT_DIR_INVALID]')
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me')
  })
})
