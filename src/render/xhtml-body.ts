import type {Root} from 'hast'
import {toParse5} from 'hast-util-to-parse5'
import type {Parse5Node} from '../html/html-tree.js'
import {escapeXml} from '../html/xml-text.js'

type Node = Parse5Node

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

// Written by concatenation in loops: this runs on every element of every release a build renders.
function serialize(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return escapeXml(node.value)
  // Comments and doctypes: the only nodes without children that are not text.
  if (!('childNodes' in node)) return ''
  let inner = ''
  for (const child of 'content' in node && node.nodeName === 'template' ? node.content.childNodes : node.childNodes) inner += serialize(child)
  if (!('tagName' in node) || !xmlName.test(node.tagName)) return inner
  let attributes = ''
  for (const {name, value, namespace} of node.attrs) {
    if (namespace === undefined && name !== 'xmlns' && xmlName.test(name)) attributes += ` ${name}="${escapeXml(value)}"`
  }
  return inner === '' ? `<${node.tagName}${attributes}/>` : `<${node.tagName}${attributes}>${inner}</${node.tagName}>`
}
