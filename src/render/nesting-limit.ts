import type {Node, Parent, Position} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../report/report.js'

/** How deep a tree node lies (the root at 0), and the place of the nearest node on its path that has one. */
export interface DeepestNode {
  depth: number
  position?: Position
}

/** The deepest node of `tree`, found without recursion: a tree too deep for the stages must not overflow here too. */
export function deepestNode(tree: Node): DeepestNode {
  let depth = 0
  let position = tree.position
  // Three stacks side by side, not one of records: a record per node was garbage for every node of every release.
  const nodes: Node[] = [tree]
  const depths: number[] = [0]
  const positions: Array<Position | undefined> = [tree.position]
  while (nodes.length > 0) {
    const node = nodes.pop() as Node
    const at = depths.pop() as number
    const place = positions.pop()
    if (at > depth) {
      depth = at
      position = place
    }
    const children = (node as Partial<Parent>).children
    if (!Array.isArray(children)) continue
    for (const child of children) {
      nodes.push(child)
      depths.push(at + 1)
      positions.push(child.position ?? place)
    }
  }
  return {depth, ...(position ? {position} : {})}
}

/** Thrown by {@link nestingLimit} to stop a file's render once it has reported why; the file gets no HTML. */
export class NestingTooDeep extends Error {
  constructor() {
    super('The tree is nested too deep to render')
    this.name = 'NestingTooDeep'
  }
}

/** {@link nestingLimit} on the Markdown tree, before any stage walks it. */
export function remarkNestingLimit(options: {maxDepth: number}) {
  return nestingLimit({...options, what: 'Markdown'})
}

/** {@link nestingLimit} on the HTML tree, once raw HTML is parsed into it. */
export function rehypeNestingLimit(options: {maxDepth: number}) {
  return nestingLimit({...options, what: 'HTML'})
}

// Two plugins, not one used twice: unified keeps a plugin once, so a second `use` would only replace the options.
/**
 * Refuse a tree nested deeper than `maxDepth` (blockquotes, lists, emphasis or elements inside each other): every later
 * stage walks the tree recursively, and thousands of levels overflow the call stack, at a depth that differs between
 * the main thread and a worker. Reports `nesting-too-deep` at the deepest node, then stops the render.
 */
function nestingLimit(options: {maxDepth: number; what: string}) {
  return function (tree: Node, file: VFile): void {
    const deepest = deepestNode(tree)
    if (deepest.depth <= options.maxDepth) return
    report(file, 'nesting-too-deep', `Unexpected ${options.what} nested ${deepest.depth} levels deep, expected at most ${options.maxDepth}`, deepest.position)
    throw new NestingTooDeep()
  }
}
