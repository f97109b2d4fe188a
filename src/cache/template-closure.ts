import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {extname, join} from 'node:path'
import {folderHash} from './build-stamp.js'

// `{% layout 'x' %}`, `{% include "x", … %}`, `{% render 'x' with … %}`, trimmed or not: a name in quotes is a file of
// the folder; anything else (a variable, a `{% liquid %}` block that may hide a tag) is not followed.
const reference = /\{%-?\s*(layout|include|render)\s+(?:'([^']*)'|"([^"]*)"|([^\s%,]+))/g
const liquidTag = /\{%-?\s*liquid\b/

/**
 * A hash of the template `name` in `root` (as LiquidJS finds it: `.liquid` added when it has no extension) and of every
 * layout and partial it names, followed through theirs: what its pages render with. A page kind is then rewritten only
 * when one of its own templates changed, not when the stylesheet or another page's template did. A template that names
 * one by a variable, or holds a `{% liquid %}` block, could reach any file: the whole folder's hash stands for it.
 */
export function templateClosureHash(root: string, name: string): string {
  // Every page reads chrome strings through the `t` filter: their catalogues count as part of each closure.
  const hash = createHash('sha256').update(`strings\0${folderHash(join(root, 'strings'))}\0`)
  const seen = new Set<string>()
  const pending = [name]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const file = extname(next) === '' ? `${next}.liquid` : next
    if (seen.has(file)) continue
    seen.add(file)
    let text: string
    try {
      text = readFileSync(join(root, file), 'utf8')
    } catch {
      // Missing: the render fails on it. Hashed as missing, so the template's arrival changes the hash.
      hash.update(`${file}\0missing\0`)
      continue
    }
    hash.update(`${file}\0`).update(text).update('\0')
    if (liquidTag.test(text)) return `folder:${folderHash(root)}`
    for (const match of text.matchAll(reference)) {
      const literal = match[2] ?? match[3]
      if (literal !== undefined) pending.push(literal)
      else if (!(match[1] === 'layout' && match[4] === 'none')) return `folder:${folderHash(root)}`
    }
  }
  return hash.digest('hex').slice(0, 32)
}
