import type {Element, Root, RootContent} from 'hast'

/**
 * Call `visitor` on every element of `tree`, parents before children, in document order. unist-util-visit does the
 * same with a closure per node and a stack of parents; this loop did our stages' six walks of a release in a fraction
 * of the time. The visitor may change an element, not the shape of the tree.
 */
export function eachElement(tree: Root | Element, visitor: (node: Element) => void): void {
  const children: RootContent[] = tree.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as RootContent
    if (child.type === 'element') {
      visitor(child)
      eachElement(child, visitor)
    }
  }
}

/** Whether `tree` holds a `raw` node (HTML written in the Markdown), anywhere. */
export function hasRaw(tree: Root | Element): boolean {
  for (const child of tree.children) {
    if (child.type === 'raw') return true
    if (child.type === 'element' && hasRaw(child)) return true
  }
  return false
}
