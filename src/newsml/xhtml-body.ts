import {parseFragment, type DefaultTreeAdapterMap} from 'parse5'
import {escapeXml} from '../links/xml-text.js'

type Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['documentFragment']

// An XML name (ASCII subset: what HTML element and attribute names that survive sanitizing use).
const xmlName = /^[A-Za-z_][A-Za-z0-9._-]*$/

/**
 * A release's sanitized body HTML as well-formed XHTML: parsed as a browser would (parse5), written back as XML
 * with every element closed and every attribute quoted with a value. Comments are dropped; a name XML cannot carry
 * (HTML allows more) drops its attribute, or unwraps its element, keeping the text.
 */
export function xhtmlBody(html: string): string {
  return serialize(parseFragment(html))
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
