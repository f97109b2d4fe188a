import type {Element, Root} from 'hast'

const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/
// The hast properties that hold one URL each; `srcSet` holds a list of them with descriptors.
const urlProperties = ['href', 'src', 'poster', 'cite'] as const

/**
 * Make every relative `href`, `src`, `srcset`, `poster` and `cite` in `tree` absolute, because feed readers show
 * content away from our site. Site paths (`/images/x.png`) are taken as relative to `baseUrl` (as media URLs are);
 * other relative URLs (`../x`, `photo.jpg`, `#note`) resolve against the page they appear on, `pageUrl`. Absolute URLs
 * are left as written. Works on the tree, so only real attributes are touched, never text that looks like one.
 */
export function absoluteUrlsInTree(tree: Root | Element, baseUrl: string, pageUrl: string): void {
  for (const child of tree.children) {
    if (child.type !== 'element') continue
    const properties = child.properties
    for (const name of urlProperties) {
      const value = properties[name]
      if (typeof value !== 'string') continue
      const absolute = absoluteUrl(value, baseUrl, pageUrl)
      if (absolute !== undefined) properties[name] = absolute
    }
    // A parser gives the candidates as a list (hast's types say a string): either way, written back as one string.
    const srcSet: unknown = properties.srcSet
    if (typeof srcSet === 'string' || Array.isArray(srcSet)) {
      const candidates = Array.isArray(srcSet) ? srcSet.map(String) : srcSet.split(',')
      properties.srcSet = candidates.map((candidate) => absoluteCandidate(candidate, baseUrl, pageUrl)).join(', ')
    }
    absoluteUrlsInTree(child, baseUrl, pageUrl)
  }
}

/** `url` made absolute as `absoluteUrlsInTree` does; undefined when it already is absolute or cannot be resolved. */
export function absoluteUrl(url: string, baseUrl: string, pageUrl: string): string | undefined {
  const trimmed = url.trim()
  if (hasScheme.test(trimmed)) return undefined
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return baseUrl.replace(/\/+$/, '') + trimmed
  try {
    // A URL parser drops tabs and newlines anywhere: `java\tscript:` read as relative would come out a live scheme.
    const resolved = new URL(trimmed, pageUrl)
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : undefined
  } catch {
    return undefined
  }
}

// One `srcset` candidate: a URL, then optional width or density descriptors.
function absoluteCandidate(candidate: string, baseUrl: string, pageUrl: string): string {
  const [url = '', ...descriptors] = candidate.trim().split(/\s+/)
  const absolute = absoluteUrl(url, baseUrl, pageUrl)
  return [absolute ?? url, ...descriptors].join(' ')
}
