import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {eachElement} from './each-element.js'
import {report} from '../report/report.js'

/**
 * Give images an empty `alt` when none is given, with a warning, because an image without one is read out by its file
 * name. (The headings' levels are `rehypeHeadingLevels`'s.)
 */
export function rehypeOutline() {
  return function (tree: Root, file: VFile) {
    eachElement(tree, (node: Element) => {
      if (node.tagName === 'img' && typeof node.properties.alt !== 'string') {
        node.properties.alt = ''
        report(file, 'image-alt-missing', 'Unexpected image without alt text, expected `![what it shows](url)` or an `alt` attribute', node.position)
      }
    })
  }
}
