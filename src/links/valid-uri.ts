import {xmlText} from '../html/xml-text.js'

// RFC 3986 allows these characters unencoded (brackets for IPv6 hosts); `%` only as the start of a `%XX` escape.
const notUri = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu

/**
 * `url` as a valid URI: every character a URI may not hold (non-ASCII letters of a tag like `énergie`, spaces, quotes,
 * `<`) percent-encoded as UTF-8, existing `%XX` escapes kept, so a valid URI comes back unchanged. Every URL a feed or
 * sitemap writes goes through it: feed readers and crawlers do not all accept IRIs, and a static host decodes the path
 * back to the file it names.
 */
export function validUri(url: string): string {
  return xmlText(url).replace(notUri, (character) => encodeURIComponent(character))
}
