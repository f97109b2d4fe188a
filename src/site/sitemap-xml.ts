import {validUri} from '../links/valid-uri.js'
import {escapeXml} from '../html/xml-text.js'

/** One `<url>` of the sitemap. */
export interface SitemapEntry {
  /** Absolute URL; written percent-encoded, as every URL in XML. */
  loc: string
  /** W3C date-time; from release dates and the ledger's update instants only, so a rebuild writes the same bytes. */
  lastmod?: string
  /** Its hreflang alternates (each language, itself included, and `x-default`), as Google reads them in a sitemap. */
  alternates?: ReadonlyArray<{hreflang: string; url: string}>
}

/** The `sitemap.xml` text listing every page of the site. */
export function sitemapXml(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((entry) => {
    const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : ''
    const links = (entry.alternates ?? []).map((alternate) => `<xhtml:link rel="alternate" hreflang="${escapeXml(alternate.hreflang)}" href="${escapeXml(validUri(alternate.url))}"/>`).join('')
    return `  <url><loc>${escapeXml(validUri(entry.loc))}</loc>${lastmod}${links}</url>\n`
  })
  // The xhtml namespace only when a URL has alternates: a newsroom without translations keeps the bytes it had.
  const xhtml = entries.some((entry) => (entry.alternates?.length ?? 0) > 0) ? ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' : ''
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${xhtml}>\n${urls.join('')}</urlset>\n`
}
