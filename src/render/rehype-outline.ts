import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {eachElement} from './each-element.js'
import {report} from '../report/report.js'

const headingDepth = (node: Element) => (/^h[1-6]$/.test(node.tagName) ? Number(node.tagName[1]) : 0)

/**
 * Fit the body's headings under the page's `h1` (the release title): the shallowest becomes `h2` and the rest keep
 * their distance, so `###` straight after the title doesn't skip levels. Images get an empty `alt` when none is given,
 * with a warning, because an image without one is read out by its file name.
 */
export function rehypeOutline() {
  return function (tree: Root, file: VFile) {
    let shallowest = 7
    eachElement(tree, (node: Element) => {
      const depth = headingDepth(node)
      if (depth > 0) shallowest = Math.min(shallowest, depth)
    })
    const shift = shallowest <= 6 ? 2 - shallowest : 0
    eachElement(tree, (node: Element) => {
      const depth = headingDepth(node)
      if (depth > 0 && shift !== 0) node.tagName = `h${Math.min(6, depth + shift)}`
      if (node.tagName === 'img' && typeof node.properties.alt !== 'string') {
        node.properties.alt = ''
        report(file, 'image-alt-missing', 'Unexpected image without alt text, expected `![what it shows](url)` or an `alt` attribute', node.position)
      }
    })
  }
}
