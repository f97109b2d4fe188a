import type {Element, Root} from 'hast'
import {eachElement} from './each-element.js'

/**
 * Sanitizing prefixes every `id` (`fn-1` -> `user-content-fn-1`) so writers' HTML can't clobber page globals, but leaves
 * `#fn-1` links and `aria-describedby` pointing at the old ids. Re-point them at the prefixed ids that exist.
 */
export function rehypeFragmentLinks(options: {prefix: string}) {
  return function (tree: Root) {
    // One walk finds both the ids and the few elements that point at one: a second walk of the whole tree was most of
    // this stage's cost, for a release with no footnote.
    const ids = new Set<string>()
    const pointing: Element[] = []
    eachElement(tree, (node: Element) => {
      const {id, href, ariaDescribedBy} = node.properties
      if (typeof id === 'string') ids.add(id)
      if ((typeof href === 'string' && href.startsWith('#')) || Array.isArray(ariaDescribedBy)) pointing.push(node)
    })
    const repoint = (id: string) => (!ids.has(id) && ids.has(options.prefix + id) ? options.prefix + id : id)
    for (const node of pointing) {
      const href = node.properties.href
      if (typeof href === 'string' && href.startsWith('#')) node.properties.href = '#' + repoint(decodeURIComponent(href.slice(1)))
      const described = node.properties.ariaDescribedBy
      if (Array.isArray(described)) node.properties.ariaDescribedBy = described.map((id) => repoint(String(id)))
    }
  }
}
