import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {newsLanguage, newsSitemap, newsSitemapReleases} from '../../src/feeds/news-sitemap.js'
import {testConfig} from '../support/test-config.js'
import {releaseAt} from './sample-newsroom.js'

const now = Date.parse('2025-09-17T12:00:00Z')
const hour = 60 * 60 * 1000

function releaseHoursBefore(hours: number, slug: string) {
  const iso = new Date(now - hours * hour).toISOString().replace(/\.000Z$/, '+00:00')
  return releaseAt(iso, {slug})
}

describe('newsSitemap', () => {
  it('should list releases of the two days before now and nothing older', () => {
    const releases = [releaseHoursBefore(1, 'fresh'), releaseHoursBefore(47, 'almost-two-days'), releaseHoursBefore(48, 'two-days'), releaseHoursBefore(80, 'old')]
    expect(newsSitemapReleases(releases, now).map((release) => release.slug)).toEqual(['fresh', 'almost-two-days'])
  })

  it('should count the two days from the build clock, so a quiet newsroom gets an empty news sitemap', () => {
    const releases = [releaseHoursBefore(72, 'last-week')]
    const xml = newsSitemap(testConfig(), releases, now)
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).not.toContain('<url>')
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">')
  })

  it('should list at most 1,000 releases, the newest first', () => {
    const releases = Array.from({length: 1200}, (_, index) => releaseHoursBefore(index / 100, `release-${String(index).padStart(4, '0')}`))
    const xml = newsSitemap(testConfig(), releases, now)
    const urls = new XMLParser({isArray: (name) => name === 'url'}).parse(xml).urlset.url as {loc: string}[]
    expect(urls).toHaveLength(1000)
    expect(urls[0]?.loc).toContain('release-0000')
    expect(urls[999]?.loc).toContain('release-0999')
  })

  it('should give each entry the publication name and language, its date with offset and its escaped title', () => {
    const release = releaseAt('2025-09-17T08:00:00+08:00', {title: 'Fish & chips <b>', language: 'zh-Hant-TW'})
    const config = testConfig({publisher: {name: 'Northwind & Co'}})
    const xml = newsSitemap(config, [release], now)
    expect(XMLValidator.validate(xml)).toBe(true)
    const news = new XMLParser().parse(xml).urlset.url['news:news']
    expect(news).toEqual({
      'news:publication': {'news:name': 'Northwind & Co', 'news:language': 'zh-tw'},
      'news:publication_date': '2025-09-17T08:00:00+08:00',
      'news:title': 'Fish & chips <b>'
    })
    expect(newsSitemap(testConfig(), [release], now)).toContain('<news:name>Example Newsroom</news:name>')
  })

  it('should write the language codes Google News expects', () => {
    expect(['en', 'en-GB', 'de-DE', 'zh-CN', 'zh-Hans', 'zh-TW', 'zh-HK', 'zh-Hant', 'pt-BR'].map(newsLanguage)).toEqual(['en', 'en', 'de', 'zh-cn', 'zh-cn', 'zh-tw', 'zh-tw', 'zh-tw', 'pt'])
  })
})
