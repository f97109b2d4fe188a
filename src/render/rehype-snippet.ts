import type {Element, Root} from 'hast'
import {toText} from 'hast-util-to-text'
import type {VFile} from 'vfile'
import {report} from '../report/report.js'
import {truncateAtWord} from './truncate-at-word.js'
import './data-map.js'

/** The first top-level paragraph: where the dateline goes and where a derived snippet comes from. */
export function findLede(tree: Root): Element | undefined {
  return tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'p')
}

/** Derive the snippet from the lede when front matter gives none. Writes `file.data.summary`. */
export function rehypeSnippet(options: {maxLength: number}) {
  return function (tree: Root, file: VFile) {
    const lede = findLede(tree)
    if (!lede) {
      report(file, 'missing-lede', 'Unexpected release without a paragraph, expected a lede for the dateline', {line: 1, column: 1})
      return
    }
    file.data.summary = file.data.meta?.summary ?? truncateAtWord(toText(lede), options.maxLength)
  }
}
