import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import {validUri} from '../links/valid-uri.js'
import {escapeXml} from '../html/xml-text.js'

/** Google News lists articles published in the last two days, and reads at most 1,000 per sitemap. */
export const newsSitemapWindowMs = 2 * 24 * 60 * 60 * 1000
const maxEntries = 1000

/**
 * The releases a Google News sitemap lists at `now`: those published in the two days up to the build's clock.
 * Counted from `now`, not from the newest release: Google asks for articles published in the last two days, so a
 * newsroom that goes quiet must empty its news sitemap rather than keep offering old releases as news.
 */
export function newsSitemapReleases(releases: readonly Release[], now: number): Release[] {
  return releases.filter((release) => release.timestamp <= now && release.timestamp > now - newsSitemapWindowMs).slice(0, maxEntries)
}

/** The Google News sitemap (`news-sitemap.xml`) at `now`; an empty `urlset` when nothing is recent. */
export function newsSitemap(config: Config, releases: readonly Release[], now: number): string {
  const name = escapeXml(config.publisher?.name ?? config.title)
  const urls = newsSitemapReleases(releases, now).map((release) =>
    [
      '  <url>',
      `    <loc>${escapeXml(validUri(release.url))}</loc>`,
      '    <news:news>',
      '      <news:publication>',
      `        <news:name>${name}</news:name>`,
      `        <news:language>${escapeXml(newsLanguage(release.language))}</news:language>`,
      '      </news:publication>',
      `      <news:publication_date>${escapeXml(release.date)}</news:publication_date>`,
      `      <news:title>${escapeXml(release.title)}</news:title>`,
      '    </news:news>',
      '  </url>'
    ].join('\n')
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...urls,
    '</urlset>',
    ''
  ].join('\n')
}

/** Google News wants an ISO 639 code, except `zh-cn` (Simplified) and `zh-tw` (Traditional) for Chinese. */
export function newsLanguage(language: string): string {
  const [primary = language, ...rest] = language.toLowerCase().split('-')
  if (primary !== 'zh') return primary
  return rest.some((part) => part === 'hant' || part === 'tw' || part === 'hk' || part === 'mo') ? 'zh-tw' : 'zh-cn'
}
