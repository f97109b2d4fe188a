import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {hasRaw} from './each-element.js'

type RawTransform = (tree: Root, file: VFile) => Root

/**
 * rehype-raw, run only on trees that hold raw HTML. It re-parses the whole tree through parse5, which cost a fifth of a
 * release's render time, while most releases are plain Markdown: there the tree is already what parse5 would make.
 * rehype-raw (and parse5) are loaded on first use too: a rebuild of one plain release never pays for them.
 */
export function rehypeRawWhenPresent() {
  let raw: Promise<RawTransform> | undefined
  return async function (tree: Root, file: VFile): Promise<Root> {
    if (!hasRaw(tree)) return tree
    raw ??= import('rehype-raw').then(({default: rehypeRaw}) => rehypeRaw() as RawTransform)
    return (await raw)(tree, file)
  }
}
