import type {Element, Root} from 'hast'
import {eachElement} from './each-element.js'

/**
 * Sanitizing prefixes every `id` (`fn-1` -> `user-content-fn-1`) so writers' HTML can't clobber page globals, but leaves
 * `#fn-1` links and `aria-describedby` pointing at the old ids. Re-point them at the prefixed ids that exist.
 */
export function rehypeFragmentLinks(options: {prefix: string}) {
  return function (tree: Root) {
    const ids = new Set<string>()
    eachElement(tree, (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    const repoint = (id: string) => (!ids.has(id) && ids.has(options.prefix + id) ? options.prefix + id : id)
    eachElement(tree, (node: Element) => {
      const href = node.properties.href
      if (typeof href === 'string' && href.startsWith('#')) node.properties.href = '#' + repoint(decodeURIComponent(href.slice(1)))
      const described = node.properties.ariaDescribedBy
      if (Array.isArray(described)) node.properties.ariaDescribedBy = described.map((id) => repoint(String(id)))
    })
  }
}
