import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import './data-map.js'

const fullWidthEnd = /[\u3000-\u303f\uff00-\uffef]$/u

/** Append `Source: …` (in the release's language; linked when a url is given) as the last element of the body. Runs after sanitizing. */
export function rehypeAttribution() {
  return function (tree: Root, file: VFile) {
    const source = file.data.meta?.source
    if (!source) return
    const label = file.data.meta?.sourceLabel ?? 'Source:'
    const name = {type: 'text' as const, value: source.name}
    const attribution: Element = {
      type: 'element',
      tagName: 'p',
      properties: {className: ['source']},
      children: [
        // A full-width colon (`来源：`) carries its own space: another one would open a gap.
        {type: 'text', value: fullWidthEnd.test(label) ? label : `${label} `},
        source.url ? {type: 'element', tagName: 'a', properties: {href: source.url}, children: [name]} : name
      ]
    }
    tree.children.push({type: 'text', value: '\n'}, attribution)
  }
}
