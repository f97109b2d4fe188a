import type {Config} from '../config/config-schema.js'
import {feedPaths} from '../links/feed-links.js'
import {validUri} from '../links/valid-uri.js'

/** The site path of the site's own sitemap. */
export const sitemapPath = '/sitemap.xml'

/**
 * The `robots.txt` text: every crawler may read everything, and is pointed at both sitemaps by absolute URL, as the
 * robots exclusion standard asks. Crawlers read it only at a host's root: a newsroom under a path prefix must have its
 * host serve this file there.
 */
export function robotsTxt(config: Pick<Config, 'baseUrl'>): string {
  const sitemaps = [sitemapPath, feedPaths.newsSitemap].map((path) => `Sitemap: ${validUri(config.baseUrl + path)}\n`)
  return `User-agent: *\nAllow: /\n\n${sitemaps.join('')}`
}
