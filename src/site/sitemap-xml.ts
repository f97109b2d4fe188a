import {validUri} from '../links/valid-uri.js'
import {escapeXml} from '../links/xml-text.js'

/** One `<url>` of the sitemap. */
export interface SitemapEntry {
  /** Absolute URL; written percent-encoded, as every URL in XML. */
  loc: string
  /** W3C date-time; from release dates and the ledger's update instants only, so a rebuild writes the same bytes. */
  lastmod?: string
}

/** The `sitemap.xml` text listing every page of the site. */
export function sitemapXml(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((entry) => {
    const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : ''
    return `  <url><loc>${escapeXml(validUri(entry.loc))}</loc>${lastmod}</url>\n`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('')}</urlset>\n`
}
