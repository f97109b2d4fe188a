/** Links in received text: `[text](href)` (from an email's HTML part) or a bare http(s) URL. */
const linkPattern = /\[([^\]\n]+)\]\((https?:\/\/[^\s()<>]+)\)|https?:\/\/[^\s<>]+/g

/**
 * Markdown that renders as exactly this text: every character Markdown could read as syntax is escaped, so a `*`,
 * `<tag>` or `&amp;` in a wire release stays what it was; links become Markdown links.
 */
export function markdownText(text: string): string {
  let out = ''
  let last = 0
  for (const match of text.matchAll(linkPattern)) {
    const index = match.index
    let [whole, label, href] = [match[0], match[1], match[2]]
    if (href === undefined) {
      // As GFM does: a sentence's closing punctuation is not part of the URL.
      href = whole.replace(/[.,;:!?'")\]]+$/, '')
      whole = href
    }
    out += escapeInline(text.slice(last, index))
    out += label === undefined || label === href ? `<${href}>` : `[${escapeInline(label)}](<${href}>)`
    last = index + whole.length
  }
  out += escapeInline(text.slice(last))
  return escapeLineStart(out)
}

const escapeInline = (text: string) => text.replace(/[\\`*_[\]<>&~|]/g, '\\$&')

/** A paragraph that starts like a heading, list item, quote or code fence must still be a paragraph. */
function escapeLineStart(text: string): string {
  return text
    .replace(/^(#{1,6})(?=\s|$)/, '\\$1')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
}
