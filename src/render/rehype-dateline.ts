import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {findLede} from './rehype-snippet.js'
import './data-map.js'

/** Prefix the lede with the wire dateline in bold, as wire services do. Runs after sanitizing: the text is ours. */
export function rehypeDateline() {
  return function (tree: Root, file: VFile) {
    const lede = findLede(tree)
    const meta = file.data.meta
    if (!lede || !meta) return
    lede.children.unshift(
      {type: 'element', tagName: 'strong', properties: {className: ['dateline']}, children: [{type: 'text', value: meta.datelineText}]},
      {type: 'text', value: ' '}
    )
  }
}
