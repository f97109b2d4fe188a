import {escapeXml} from '../links/xml-text.js'

// An XML name (ASCII subset), as `xhtmlBody` keeps attribute names.
const xmlName = /^[A-Za-z_][A-Za-z0-9._-]*$/
const voidElements = new Set(['br', 'hr', 'img', 'input', 'wbr'])
// Elements whose start tag a browser's parser takes as it is (no implied end tags, no foster parenting) when nested as
// the rules below demand; anything else, or anything nested otherwise, is left to the real parser.
const plainElements = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'cite', 'code', 'data', 'del', 'dfn', 'div', 'em', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'i', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'section', 'small', 'span', 'strike',
  'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', ...voidElements
])
// Start tags that close an open `p` (HTML's tree construction, "in body").
const closesP = new Set(['blockquote', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'table', 'ul'])
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
// Where table parts must sit, and what a table part may hold besides whitespace, for no fostering or implied tags.
const parentOf: Record<string, readonly string[]> = {li: ['ol', 'ul'], thead: ['table'], tbody: ['table'], tfoot: ['table'], tr: ['thead', 'tbody', 'tfoot'], td: ['tr'], th: ['tr']}
const tableParts = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr'])
const whitespace = /^[ \t\n\f]*$/
const reference = /&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g
const startTag = /<([a-z][a-z0-9]*)((?:[ \t\n\f]+[^\s/>="'<]+(?:="[^"]*")?)*)[ \t\n\f]*>/y
const attribute = /[ \t\n\f]+([^\s/>="'<]+)(?:="([^"]*)")?/g
const endTag = /<\/([a-z][a-z0-9]*)>/y
// What `escapeXml` changes or removes: most text has none of it, and is written as it is.
const escaped = /[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/
const xml = (text: string) => (escaped.test(text) ? escapeXml(text) : text)

/**
 * The XHTML `xhtmlBody` makes of `html`, without a parser, when `html` is in the form the render pipeline serializes
 * (hast-util-to-html's defaults: quoted attributes, numeric character references, matched tags) and nested so that a
 * browser's parser builds exactly the tree its tags spell; else undefined, and the caller parses it.
 */
export function canonicalXhtml(html: string): string | undefined {
  if (html.includes('\r') || html.includes('\0')) return undefined
  const stack: string[] = []
  let out = ''
  // A start tag's `>` is held back until the element proves non-empty: an empty element is written `<x/>`.
  let open = false
  let at = 0
  while (at < html.length) {
    const lt = html.indexOf('<', at)
    const textEnd = lt === -1 ? html.length : lt
    if (textEnd > at) {
      const text = decode(html.slice(at, textEnd))
      if (text === undefined) return undefined
      const parent = stack.at(-1)
      if (parent !== undefined && tableParts.has(parent) && !whitespace.test(text)) return undefined
      if (text !== '') {
        if (open) (out += '>'), (open = false)
        out += xml(text)
      }
      at = textEnd
      if (lt === -1) break
    }
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4)
      const comment = end === -1 ? '' : html.slice(at + 4, end)
      // Comments a parser ends elsewhere (`<!-->`, `--!>`) are left to it.
      if (end === -1 || comment.startsWith('>') || comment.startsWith('->') || comment.includes('--!')) return undefined
      at = end + 3
      continue
    }
    endTag.lastIndex = at
    const end = endTag.exec(html)
    if (end) {
      const name = end[1] as string
      if (stack.pop() !== name || voidElements.has(name)) return undefined
      out += open ? '/>' : `</${name}>`
      open = false
      at = endTag.lastIndex
      continue
    }
    startTag.lastIndex = at
    const start = startTag.exec(html)
    if (!start) return undefined
    const name = start[1] as string
    const parent = stack.at(-1)
    if (!plainElements.has(name)) return undefined
    if (closesP.has(name) && stack.includes('p')) return undefined
    if (headings.has(name) && parent !== undefined && headings.has(parent)) return undefined
    if (name === 'a' && stack.includes('a')) return undefined
    if (name === 'pre' && html[startTag.lastIndex] === '\n') return undefined
    const parents = parentOf[name]
    if (parents ? parent === undefined || !parents.includes(parent) : parent !== undefined && tableParts.has(parent)) return undefined
    const attributes = attributesOf(start[2] as string)
    if (attributes === undefined) return undefined
    if (open) out += '>'
    out += `<${name}${attributes}`
    if (voidElements.has(name)) (out += '/>'), (open = false)
    else stack.push(name), (open = true)
    at = startTag.lastIndex
  }
  return stack.length === 0 ? out : undefined
}

/** Attributes as `xhtmlBody` writes them: each quoted with its value, names XML cannot carry (and `xmlns`) dropped. */
function attributesOf(source: string): string | undefined {
  let written = ''
  const seen = new Set<string>()
  attribute.lastIndex = 0
  for (let match = attribute.exec(source); match !== null; match = attribute.exec(source)) {
    const name = match[1] as string
    // A parser lowercases names and keeps the first of two: not this form, so left to it.
    if (/[A-Z]/.test(name) || seen.has(name)) return undefined
    seen.add(name)
    const value = decode(match[2] ?? '')
    if (value === undefined) return undefined
    if (xmlName.test(name) && name !== 'xmlns') written += ` ${name}="${xml(value)}"`
  }
  return written
}

/** Text with its numeric character references resolved; undefined where a parser would do more (named ones, odd code points). */
function decode(text: string): string | undefined {
  if (!text.includes('&')) return text
  if (text.replace(reference, '').includes('&')) return undefined
  let failed = false
  const decoded = text.replace(reference, (whole, hex: string | undefined, decimal: string | undefined) => {
    const code = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16)
    // NUL, C1 controls (remapped to Windows-1252), surrogates and beyond Unicode: a parser substitutes them.
    if (code === 0 || (code >= 0x80 && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) failed = true
    return failed ? whole : String.fromCodePoint(code)
  })
  return failed ? undefined : decoded
}
