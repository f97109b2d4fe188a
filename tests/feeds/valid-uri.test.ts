import {afterEach, describe, expect, it} from 'vitest'
import {feedLinks, feedPaths} from '../../src/links/feed-links.js'
import {validUri} from '../../src/links/valid-uri.js'
import {sitemapXml} from '../../src/site/sitemap-xml.js'
import {testConfig} from '../support/test-config.js'
import {readText, removeTempDirs, writeFeedsToTemp} from './feed-files.js'
import {releaseAt} from './sample-newsroom.js'

afterEach(removeTempDirs)

describe('validUri', () => {
  it('should percent-encode non-ASCII path segments as UTF-8, as a browser does with the page links', () => {
    expect(validUri('https://newsroom.example.com/tags/énergie/')).toBe('https://newsroom.example.com/tags/%C3%A9nergie/')
    expect(validUri('https://newsroom.example.com/tags/能源/rss.xml')).toBe('https://newsroom.example.com/tags/%E8%83%BD%E6%BA%90/rss.xml')
    // What a static host decodes the path to is the folder the page was written to.
    expect(decodeURIComponent(new URL(validUri('https://n.example/tags/énergie/')).pathname)).toBe('/tags/énergie/')
  })

  it('should encode what a URI may not hold and keep a valid URI as it is', () => {
    expect(validUri('https://a.example/?q="><script>&x=1 2|{}')).toBe('https://a.example/?q=%22%3E%3Cscript%3E&x=1%202%7C%7B%7D')
    expect(validUri('https://a.example/100%/a%2Fb')).toBe('https://a.example/100%25/a%2Fb')
    const valid = "https://a.example:8080/p/a-b_c.d~e/?q=1&r=(2)*3;s=$4,5+6!7'8@9#frag"
    expect(validUri(valid)).toBe(valid)
  })

  it('should write the tag pages and tag feeds into the sitemap and feed links percent-encoded', () => {
    const sitemap = sitemapXml([{loc: 'https://newsroom.example.com/tags/énergie/'}])
    expect(sitemap).toContain('<loc>https://newsroom.example.com/tags/%C3%A9nergie/</loc>')
    const config = testConfig()
    expect(feedLinks(config, {tag: 'Énergie'})[2]?.href).toBe('https://newsroom.example.com/tags/%C3%A9nergie/rss.xml')
    // The file itself is written under the tag's own letters, which the encoded URL names.
    expect(feedPaths.tag('Énergie')).toBe('/tags/énergie/rss.xml')
  })

  it('should name a non-ASCII tag feed by its encoded URL in its channel link and self link', async () => {
    const release = releaseAt('2025-09-16T09:15:00-05:00', {slug: 'grid', tags: ['能源']})
    const outDir = await writeFeedsToTemp(testConfig(), [release], Date.parse('2025-09-16T18:00:00Z'))
    const feed = await readText(outDir, 'tags/能源/rss.xml')
    expect(feed).toContain('<link>https://newsroom.example.com/tags/%E8%83%BD%E6%BA%90/</link>')
    expect(feed).toContain('<atom:link href="https://newsroom.example.com/tags/%E8%83%BD%E6%BA%90/rss.xml" rel="self" type="application/rss+xml"/>')
  })
})
