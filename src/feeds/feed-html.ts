import type {Root} from 'hast'
import {htmlOf, parseHtmlFragment} from '../html/html-tree.js'
import {absoluteUrlsInTree} from './absolute-urls.js'

// Where an attribute that holds a URL may start, as an HTML parser reads a start tag: after whitespace, `/` or a quote.
const urlAttribute = /(?:^|[\s/"'])(?:href|src|srcset|poster|cite)\s*=\s*/gi
const absoluteValue = /"[a-zA-Z][a-zA-Z0-9+.-]*:[^"]*"/y

/**
 * A release body (`releaseHtml(release)`, which the render pipeline sanitized and serialized) as the HTML of a feed item: every
 * relative URL made absolute on the parsed tree, then serialized again, so no text or attribute value can turn into
 * markup on the way. A body whose URL attributes are all absolute already is returned as it is: parsing it again would
 * give back the same bytes. The one module that parses HTML for the feeds.
 */
export function feedHtml(html: string, baseUrl: string, pageUrl: string): string {
  if (!hasRelativeUrl(html)) return html
  // hast makes a parsed document fragment a root.
  const tree = parseHtmlFragment(html)
  absoluteUrlsInTree(tree, baseUrl, pageUrl)
  return htmlOf(tree)
}

/** Plain text as HTML that shows it as it is: for the feed fields readers render as HTML (RSS `description`). */
export function feedText(text: string): string {
  return htmlOf({type: 'text', value: text})
}

/**
 * Whether anything that could be a URL attribute of `html` is other than a double-quoted absolute URL. Text that looks
 * like an attribute only sends the body to the parser; a real attribute, in any spelling, is never missed.
 */
function hasRelativeUrl(html: string): boolean {
  urlAttribute.lastIndex = 0
  for (let match = urlAttribute.exec(html); match !== null; match = urlAttribute.exec(html)) {
    absoluteValue.lastIndex = urlAttribute.lastIndex
    if (!absoluteValue.test(html)) return true
  }
  return false
}
