// XML 1.0 allows tab, LF and CR among the C0 controls, and neither U+FFFE nor U+FFFF. A lone surrogate cannot be
// encoded as UTF-8 at all, so a writer would put U+FFFD or worse in its place.
const forbidden = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Remove every character XML 1.0 forbids, so one stray control character never makes a whole feed unreadable. */
export function xmlText(text: string): string {
  return text.replace(forbidden, '')
}

const entities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'}

/** Escape text for an XML element or a double-quoted attribute, after removing forbidden characters. */
export function escapeXml(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (character) => entities[character] ?? character)
}
