import type {Root} from 'hast'
import rehypeRaw from 'rehype-raw'
import {visit, EXIT} from 'unist-util-visit'
import type {VFile} from 'vfile'

/**
 * rehype-raw, run only on trees that hold raw HTML. It re-parses the whole tree through parse5, which cost a fifth of a
 * release's render time, while most releases are plain Markdown: there the tree is already what parse5 would make.
 */
export function rehypeRawWhenPresent() {
  const raw = rehypeRaw()
  return function (tree: Root, file: VFile): Root {
    let found = false
    visit(tree, 'raw', () => {
      found = true
      return EXIT
    })
    return found ? raw(tree, file) : tree
  }
}
