import {parseHtmlDocument, type Parse5Element, type Parse5Node} from '../html/html-tree.js'

type Node = Parse5Node
type Element = Parse5Element

const blocks = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'tr', 'ul', 'ol', 'pre', 'section', 'article', 'header', 'footer', 'address'])
const skipped = new Set(['head', 'script', 'style', 'template', 'noscript', 'title'])

/**
 * The text of an email's HTML part, as a wire's text part reads: one paragraph per block separated by blank lines,
 * list items as `- ` lines, links kept as `[text](href)` so the importer can carry them into the release.
 */
export function htmlToPlainText(html: string): string {
  const out: string[] = []
  let line = ''
  const flush = () => {
    const text = line.replace(/[ \t\u00a0]+/g, ' ').trim()
    if (text !== '') out.push(text)
    line = ''
  }
  const paragraphBreak = () => {
    flush()
    if (out.length > 0 && out[out.length - 1] !== '') out.push('')
  }
  const visit = (node: Node, depth: number): void => {
    // Mail bodies nest tables deeply; past this depth the text still comes out, only flattened.
    if (depth > 200) return
    if (node.nodeName === '#text' && 'value' in node) {
      line += node.value.replace(/\s+/g, ' ')
      return
    }
    if (!('tagName' in node)) {
      if ('childNodes' in node) for (const child of node.childNodes) visit(child, depth + 1)
      return
    }
    const element = node as Element
    const tag = element.tagName
    if (skipped.has(tag)) return
    if (tag === 'br') return flush()
    if (tag === 'a') {
      const href = element.attrs.find((attribute) => attribute.name === 'href')?.value.trim()
      const text = textOf(element).replace(/\s+/g, ' ').trim()
      if (href && /^https?:\/\//i.test(href) && text !== '') line += text === href ? href : `[${text}](${href})`
      else line += text
      return
    }
    if (tag === 'li') {
      flush()
      line = '- '
      for (const child of element.childNodes) visit(child, depth + 1)
      flush()
      return
    }
    const block = blocks.has(tag)
    if (block) paragraphBreak()
    for (const child of element.childNodes) visit(child, depth + 1)
    if (block) paragraphBreak()
  }
  visit(parseHtmlDocument(html), 0)
  flush()
  while (out[out.length - 1] === '') out.pop()
  return out.join('\n')
}

function textOf(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : ''
}
