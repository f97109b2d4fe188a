import {readdirSync} from 'node:fs'
import {relative, sep} from 'node:path'

/** Every `.md` file under `dir`, any depth, sorted; `README.md` and names starting with `_` or `.` are skipped. */
export function findReleaseFiles(dir: string): string[] {
  return listFiles(dir, (name) => name.endsWith('.md') && name !== 'README.md' && !hidden(name), (name) => !hidden(name))
}

/**
 * Every file under `dir` (absolute paths, sorted) whose name `keepFile` accepts, in folders `enterFolder` accepts.
 * Symbolic links are not followed. Walked synchronously, one folder at a time: Node 20's recursive `readdir` is several
 * times slower on a newsroom's few big folders.
 */
export function listFiles(dir: string, keepFile: (name: string) => boolean = () => true, enterFolder: (name: string) => boolean = () => true): string[] {
  const files: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const path = folder + sep + entry.name
      if (entry.isDirectory()) {
        if (enterFolder(entry.name)) walk(path)
      } else if (entry.isFile() && keepFile(entry.name)) files.push(path)
    }
  }
  walk(dir.length > 1 && dir.endsWith(sep) ? dir.slice(0, -1) : dir)
  return files.sort()
}

/** What `list` finds; none for a folder that is not there (the build itself reports a missing releases folder). */
export function filesOrNone(list: () => string[]): string[] {
  try {
    return list()
  } catch {
    return []
  }
}

/** A path below `root` with `/` between its parts, as messages and the caches name files. */
export function relativePath(root: string, path: string): string {
  // A prefix cut is what path.relative does for a path below the root, minus resolving both again, once per release
  // file of a rebuild's fingerprint.
  const below = path.startsWith(root) && path[root.length] === sep ? path.slice(root.length + 1) : relative(root, path)
  return sep === '/' ? below : below.split(sep).join('/')
}

const hidden = (name: string) => name.startsWith('_') || name.startsWith('.')
