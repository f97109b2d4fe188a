import type {Element, ElementContent, Root, Text} from 'hast'
import type {VFile} from 'vfile'
import {findLede} from './rehype-snippet.js'
import './data-map.js'

// Wires print the name as registered, but writers often drop the legal form: `Acme Robotics` for `Acme Robotics, Inc.`
const legalForm = /,?\s+(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Ltd\.?|Limited|LLC|L\.P\.|plc|PLC|AG|SE|SA|S\.A\.|N\.V\.|GmbH|KGaA|AB|ASA|Oyj|K\.K\.)$/

/**
 * Put each organization's tickers after its first mention in the lede, as wires print them: `Acme Robotics, Inc.
 * (NASDAQ: ACME)`. A lede that already names one of its tickers is left as the writer wrote it, so a second run, or a
 * writer who typed them, never doubles them. Runs after sanitizing: the text added is ours.
 */
export function rehypeTickers() {
  return function (tree: Root, file: VFile) {
    const lede = findLede(tree)
    if (!lede) return
    for (const organization of file.data.organizations ?? []) {
      if (organization.tickers.length === 0) continue
      const text = textOf(lede)
      if (organization.tickers.some((ticker) => text.includes(ticker) || text.includes(ticker.replace(/:\s*/, ':')))) continue
      const names = [organization.name, organization.name.replace(legalForm, '')].filter((name, index, all) => name.length > 0 && all.indexOf(name) === index)
      for (const name of names) {
        if (insertAfter(lede, name, ` (${organization.tickers.join('; ')})`)) break
      }
    }
  }
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('')
}

/** Insert `addition` after the first text node mention of `name` (not inside a link or the dateline); whether it did. */
function insertAfter(parent: Element, name: string, addition: string): boolean {
  for (const [index, child] of parent.children.entries()) {
    if (child.type === 'element') {
      if (child.tagName === 'a' || (child.properties.className as string[] | undefined)?.includes('dateline')) continue
      if (insertAfter(child, name, addition)) return true
      continue
    }
    if (child.type !== 'text') continue
    const at = findWord(child.value, name)
    if (at < 0) continue
    const end = at + name.length
    // Already followed by a parenthesis: the writer gave something there (a ticker, an abbreviation) that is theirs.
    if (/^\s*\(/.test(child.value.slice(end))) return true
    const parts: ElementContent[] = [{type: 'text', value: child.value.slice(0, end) + addition + child.value.slice(end)} satisfies Text]
    parent.children.splice(index, 1, ...parts)
    return true
  }
  return false
}

/** Where `name` occurs as whole words in `text`, or -1. */
function findWord(text: string, name: string): number {
  let from = 0
  for (;;) {
    const at = text.indexOf(name, from)
    if (at < 0) return -1
    const before = text[at - 1]
    const after = text[at + name.length]
    if ((before === undefined || !/[\p{L}\p{N}]/u.test(before)) && (after === undefined || !/[\p{L}\p{N}]/u.test(after))) return at
    from = at + 1
  }
}
