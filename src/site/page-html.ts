import type {Element, Root} from 'hast'
import {htmlOf, parseHtmlFragment} from '../html/html-tree.js'

// A URL attribute whose double-quoted value is a site path (`"/media/a.png"`, not `"//host/…"`), as the render pipeline
// serializes attributes; text that merely looks like one only sends the body through the parser.
const sitePathAttribute = /(?:^|[\s/"'])(?:href|src|srcset|poster|cite)\s*=\s*"\/(?!\/)/i
const urlProperties = ['href', 'src', 'poster', 'cite'] as const

/**
 * A release body as its page shows it: a site path a writer linked (`/media/report.pdf`, which the feeds read as under
 * `baseUrl`) gets the path prefix of `baseUrl` (`/news/media/report.pdf`), so it works on the page as on any host.
 * At a domain's root, or without a site path, the body is returned as it is. Rewritten on the parsed tree, so no text
 * or attribute value can turn into markup on the way.
 */
export function pageHtml(html: string, basePath: string): string {
  if (basePath === '' || !sitePathAttribute.test(html)) return html
  const tree = parseHtmlFragment(html)
  prefixSitePaths(tree, basePath)
  return htmlOf(tree)
}

function prefixSitePaths(tree: Root | Element, basePath: string): void {
  const prefixed = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? basePath + url : url)
  for (const child of tree.children) {
    if (child.type !== 'element') continue
    const properties = child.properties
    for (const name of urlProperties) {
      const value = properties[name]
      if (typeof value === 'string') properties[name] = prefixed(value.trim())
    }
    // A parser gives the candidates as a list (hast's types say a string): either way, written back as one string.
    const srcSet: unknown = properties.srcSet
    if (typeof srcSet === 'string' || Array.isArray(srcSet)) {
      const candidates = Array.isArray(srcSet) ? srcSet.map(String) : srcSet.split(',')
      properties.srcSet = candidates.map((candidate) => {
        const [url = '', ...descriptors] = candidate.trim().split(/\s+/)
        return [prefixed(url), ...descriptors].join(' ')
      }).join(', ')
    }
    prefixSitePaths(child, basePath)
  }
}
