import type {Root} from 'hast'
import {fromParse5} from 'hast-util-from-parse5'
import {toHtml} from 'hast-util-to-html'
import {parse, parseFragment, type DefaultTreeAdapterMap} from 'parse5'

// The one module that reads HTML with parse5 and writes hast back out: the site, the feeds and the importer share one
// parser and one writer, so a rule of HTML is applied the same way wherever it is read.

/** A node of parse5's tree, as `parseHtmlDocument` gives it and the render's XHTML writer walks it. */
export type Parse5Node = DefaultTreeAdapterMap['node']

/** An element of parse5's tree. */
export type Parse5Element = DefaultTreeAdapterMap['element']

/** An HTML fragment (a release body) as a hast root, parsed as a browser parses a body's contents. */
export function parseHtmlFragment(html: string): Root {
  // hast makes a parsed document fragment a root.
  return fromParse5(parseFragment(html)) as Root
}

/** A whole HTML document as parse5's tree. */
export function parseHtmlDocument(html: string): Parse5Node {
  return parse(html)
}

/** A hast tree (or node) written as HTML. */
export function htmlOf(tree: Parameters<typeof toHtml>[0]): string {
  return toHtml(tree)
}
