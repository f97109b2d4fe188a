import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Release} from '../../src/release/release.js'
import {attr, byTag, findAll, parseHtml, textOf} from '../support/html-dom.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'
import {buildTestSite, type TestSite} from './build-test-site.js'

const scriptBreak = '</script><script>alert(1)</script>'
const attributeBreak = '"><img src=x onerror=alert(1)>'
const hostile = `${scriptBreak} ${attributeBreak} <!-- \u2028\u2029 & 'quote'`

const release: Release = makeRelease({
  title: `Title ${hostile}`,
  subtitle: `Subtitle ${hostile}`,
  summary: `Summary ${hostile}`,
  dateline: `CITY ${hostile}`,
  source: {name: `Source ${hostile}`, url: 'https://alliance.example.org/?a=1&b="2"'},
  tags: [`tag ${scriptBreak}`, `tag ${attributeBreak}`],
  media: [{url: 'https://cdn.example.com/photo.jpg?x="><script>', kind: 'image', caption: `Caption ${hostile}`, alt: `Alt ${hostile}`}]
})

let site: TestSite
beforeAll(async () => {
  site = await buildTestSite([release], testConfig({title: `Newsroom ${attributeBreak}`, subscribeUrl: 'https://lists.example.com/join'}))
})
afterAll(() => site.remove())

const pages = ['index.html', `${release.urlPath.slice(1)}index.html`, 'tags/index.html', 'tags/tag-script-script-alert-1-script/index.html', '404.html']

describe('hostile text in front matter', () => {
  it.each(pages)('should leave no script element but the JSON-LD and no event handler in %s', async (path) => {
    const document = parseHtml(await site.read(path))
    const scripts = byTag(document, 'script')
    expect(scripts.every((script) => attr(script, 'type') === 'application/ld+json')).toBe(true)
    expect(scripts.length).toBe(path.startsWith('releases/') ? 1 : 0)
    const handlers = findAll(document, (element) => element.attrs.some((attribute) => attribute.name.startsWith('on')))
    expect(handlers.map((element) => element.tagName)).toEqual([])
    expect(byTag(document, 'img').every((image) => attr(image, 'src') !== 'x')).toBe(true)
  })

  it('should keep the JSON-LD parseable and round-trip the text exactly', async () => {
    const html = await site.read(`${release.urlPath.slice(1)}index.html`)
    const script = byTag(parseHtml(html), 'script')[0]!
    const article = JSON.parse(textOf(script)) as Record<string, unknown>
    expect(article.headline).toBe(release.title)
    expect(article.alternativeHeadline).toBe(release.subtitle)
    expect(article.description).toBe(release.summary)
    expect(article.dateline).toBe(release.dateline)
    expect(article.sourceOrganization).toEqual({'@type': 'Organization', name: release.source.name, url: release.source.url})
    expect(article.keywords).toEqual(release.tags)
    expect(textOf(script)).not.toMatch(/[<>&\u2028\u2029]/)
  })

  it('should show the hostile text as text, not markup', async () => {
    const document = parseHtml(await site.read(`${release.urlPath.slice(1)}index.html`))
    expect(textOf(byTag(document, 'h1')[0]!)).toBe(release.title)
    expect(textOf(byTag(document, 'figcaption')[0]!)).toContain(`Caption ${hostile}`)
    expect(attr(byTag(document, 'img')[0]!, 'alt')).toBe(`Alt ${hostile}`)
    expect(textOf(byTag(document, 'title')[0]!)).toBe(`${release.title} | Newsroom ${attributeBreak}`)
  })
})
