import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'

/** Every file under `dir` with its bytes, keyed by relative path: to compare folders byte for byte. */
export function readTree(dir: string): Map<string, Buffer> {
  const tree = new Map<string, Buffer>()
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    tree.set(relative(dir, path), readFileSync(path))
  }
  return tree
}
