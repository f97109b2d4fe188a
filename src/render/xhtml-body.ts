import type {Root} from 'hast'
import {toParse5} from 'hast-util-to-parse5'
import type {DefaultTreeAdapterMap} from 'parse5'
import {escapeXml} from '../links/xml-text.js'

type Node = DefaultTreeAdapterMap['node']

// An XML name (ASCII subset: what HTML element and attribute names that survive sanitizing use).
const xmlName = /^[A-Za-z_][A-Za-z0-9._-]*$/

/**
 * A release's sanitized body tree as well-formed XHTML, written as XML with every element closed and every attribute
 * quoted with a value. Comments are dropped; a name XML cannot carry (HTML allows more) drops its attribute, or
 * unwraps its element, keeping the text.
 *
 * The tree is the one the HTML was written from, so NewsML needs no second parse of that HTML. hast-util-to-html
 * cannot write it: it leaves `<` unescaped in attribute values and writes boolean attributes bare, neither of which
 * XML allows. hast-util-to-parse5 maps properties to attributes as the HTML writer does (a boolean's value empty).
 */
export function xhtmlBody(tree: Root): string {
  return serialize(toParse5(tree))
}

function serialize(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return escapeXml(node.value)
  if (node.nodeName === '#comment' || node.nodeName === '#documentType') return ''
  const children = 'content' in node && node.nodeName === 'template' ? node.content.childNodes : 'childNodes' in node ? node.childNodes : []
  const inner = children.map((child) => serialize(child)).join('')
  if (!('tagName' in node) || !xmlName.test(node.tagName)) return inner
  const attributes = node.attrs
    .filter((attribute) => attribute.namespace === undefined && xmlName.test(attribute.name) && attribute.name !== 'xmlns')
    .map((attribute) => ` ${attribute.name}="${escapeXml(attribute.value)}"`)
    .join('')
  return inner === '' ? `<${node.tagName}${attributes}/>` : `<${node.tagName}${attributes}>${inner}</${node.tagName}>`
}
