import type {Element, ElementContent, Root} from 'hast'
import {describe, expect, it} from 'vitest'
import {rehypeFragmentLinks} from '../../src/render/rehype-fragment-links.js'

const element = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({type: 'element', tagName, properties, children})

/** `tree` with each element's children counted as they are read: a walk of the tree reads each element's once. */
function countingReads(tree: Root): Map<Element, number> {
  const reads = new Map<Element, number>()
  const watch = (node: Element) => {
    const children = node.children
    reads.set(node, 0)
    Object.defineProperty(node, 'children', {
      get: () => (reads.set(node, (reads.get(node) ?? 0) + 1), children)
    })
    for (const child of children) if (child.type === 'element') watch(child)
  }
  for (const child of tree.children) if (child.type === 'element') watch(child)
  return reads
}

describe('rehypeFragmentLinks', () => {
  it('should re-point footnote links at the prefixed ids in one walk of the tree', () => {
    const call = element('a', {href: '#fn-1', id: 'user-content-fnref-1', ariaDescribedBy: ['footnote-label']})
    const back = element('a', {href: '#fnref-1'})
    const outside = element('a', {href: '#top'})
    const tree: Root = {
      type: 'root',
      children: [
        element('p', {}, [{type: 'text', value: 'Lede'}, element('sup', {}, [call])]),
        element('section', {dataFootnotes: true}, [
          element('h2', {id: 'user-content-footnote-label'}, [{type: 'text', value: 'Footnotes'}]),
          element('ol', {}, [element('li', {id: 'user-content-fn-1'}, [element('p', {}, [{type: 'text', value: 'Note '}, back])])])
        ]),
        element('p', {}, [outside])
      ]
    }
    const reads = countingReads(tree)
    rehypeFragmentLinks({prefix: 'user-content-'})(tree)
    expect(call.properties).toMatchObject({href: '#user-content-fn-1', ariaDescribedBy: ['user-content-footnote-label']})
    expect(back.properties.href).toBe('#user-content-fnref-1')
    expect(outside.properties.href).toBe('#top')
    expect(new Set(reads.values())).toEqual(new Set([1]))
  })
})
