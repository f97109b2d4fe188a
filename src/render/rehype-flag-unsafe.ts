import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {eachElement} from './each-element.js'
import {report} from '../report/report.js'
import './data-map.js'

const unsafeElements = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'style', 'link', 'meta', 'base', 'form', 'svg', 'math'])
const unsafeUrl = /^\s*(javascript|vbscript|data):/i

/** Warn, at its line, about raw HTML that sanitizing will remove, so writers learn why it vanished. Runs before rehype-sanitize. */
export function rehypeFlagUnsafe() {
  return function (tree: Root, file: VFile) {
    eachElement(tree, (node: Element) => {
      const place = node.position
      if (unsafeElements.has(node.tagName)) {
        report(file, 'raw-html-removed', `Unexpected \`<${node.tagName}>\` in the body, expected Markdown or plain HTML (it was removed)`, place)
        return
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on/i.test(name)) {
          report(file, 'raw-html-removed', `Unexpected event handler \`${name.toLowerCase()}\` on \`<${node.tagName}>\`, expected none (it was removed)`, place)
        } else if (typeof value === 'string' && unsafeUrl.test(value)) {
          report(file, 'raw-html-removed', `Unexpected \`${value.trim().split(':')[0]?.toLowerCase()}:\` URL in \`${name}\`, expected an http(s) or site URL (it was removed)`, place)
        }
      }
    })
  }
}
