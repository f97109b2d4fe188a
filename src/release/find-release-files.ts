import {readdir} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'

/** Every `.md` file under `dir`, any depth, sorted; `README.md` and names starting with `_` or `.` are skipped. */
export async function findReleaseFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  const files: string[] = []
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.md') || entry.name === 'README.md') continue
    const path = join(entry.parentPath, entry.name)
    if (!hidden(relativePath(dir, path))) files.push(path)
  }
  return files.sort()
}

/** A path below `root` with `/` between its parts, as messages and the caches name files. */
export function relativePath(root: string, path: string): string {
  // A prefix cut is what path.relative does for a path below the root, minus resolving both again: 4,000 of those
  // were a fifth of a rebuild's fingerprint.
  const below = path.startsWith(root) && path[root.length] === sep ? path.slice(root.length + 1) : relative(root, path)
  return sep === '/' ? below : below.split(sep).join('/')
}

const hidden = (path: string) => path.startsWith('_') || path.startsWith('.') || path.includes('/_') || path.includes('/.')
