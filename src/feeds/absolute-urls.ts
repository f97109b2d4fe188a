// A start tag with its attributes; quoted values may contain `>`, so they are matched whole.
const startTag = /<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g
const urlAttribute = /(\s)(href|src|poster|cite)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi
const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/

/**
 * Make every relative `href`, `src`, `poster` and `cite` in `html` absolute, because feed readers show content away
 * from our site. Site paths (`/images/x.png`) are taken as relative to `baseUrl` (as media URLs are); other relative
 * URLs (`../x`, `photo.jpg`, `#note`) resolve against the page they appear on, `pageUrl`. Absolute URLs are left as written.
 * Meant for our own sanitized HTML: text never contains a raw `<`, so only real tags are touched.
 */
export function absoluteUrls(html: string, baseUrl: string, pageUrl: string): string {
  return html.replace(startTag, (tag) =>
    tag.replace(urlAttribute, (whole, space: string, name: string, equals: string, double?: string, single?: string, bare?: string) => {
      const value = decodeEntities(double ?? single ?? bare ?? '')
      const absolute = absoluteUrl(value, baseUrl, pageUrl)
      return absolute === undefined ? whole : `${space}${name}${equals}"${absolute.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`
    })
  )
}

/** `url` made absolute as `absoluteUrls` does; undefined when it already is absolute or cannot be resolved. */
export function absoluteUrl(url: string, baseUrl: string, pageUrl: string): string | undefined {
  const trimmed = url.trim()
  if (hasScheme.test(trimmed)) return undefined
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return baseUrl.replace(/\/+$/, '') + trimmed
  try {
    return new URL(trimmed, pageUrl).href
  } catch {
    return undefined
  }
}

const named: Record<string, string> = {amp: '&', quot: '"', apos: "'", lt: '<', gt: '>'}

function decodeEntities(value: string): string {
  return value.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(amp|quot|apos|lt|gt));/g, (whole, hex?: string, decimal?: string, name?: string) => {
    if (name !== undefined) return named[name] ?? whole
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}
