import {parse, serializeOuter, type DefaultTreeAdapterMap} from 'parse5'

/** A parsed HTML element (parse5's default tree). */
export type Element = DefaultTreeAdapterMap['element']
type Node = DefaultTreeAdapterMap['node']

/** Parse a whole HTML document with parse5, the way a browser would. */
export function parseHtml(html: string): DefaultTreeAdapterMap['document'] {
  return parse(html)
}

/** An element as HTML again, itself included, as parse5 writes it. */
export function outerHtml(element: Element): string {
  return serializeOuter(element)
}

/** Every element under `root` (document order) that satisfies `test`. */
export function findAll(root: Node, test: (element: Element) => boolean): Element[] {
  const found: Element[] = []
  const visit = (node: Node) => {
    if ('tagName' in node && test(node)) found.push(node)
    // A <template>'s children live in its content fragment.
    const children = node.nodeName === 'template' && 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : []
    for (const child of children) visit(child)
  }
  visit(root)
  return found
}

/** Every element under `root` with this tag name. */
export function byTag(root: Node, tagName: string): Element[] {
  return findAll(root, (element) => element.tagName === tagName)
}

/** The value of an attribute, or undefined. */
export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((attribute) => attribute.name === name)?.value
}

/** The text content of a node. */
export function textOf(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : ''
}

/** The `content` of `<meta property=…>` or `<meta name=…>` elements with this key, in order. */
export function metaContents(root: Node, key: string): string[] {
  return byTag(root, 'meta')
    .filter((meta) => attr(meta, 'property') === key || attr(meta, 'name') === key)
    .map((meta) => attr(meta, 'content') ?? '')
}
