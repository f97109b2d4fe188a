import {mkdirSync, renameSync, rmdirSync, unlinkSync} from 'node:fs'
import {dirname, join, sep} from 'node:path'
import {listFiles} from '../release/find-release-files.js'

/** Every file under `dir`, relative, with forward slashes, sorted. */
export function listOutputs(dir: string): string[] {
  const files = listFiles(dir).map((file) => file.slice(dir.length + 1))
  return sep === '/' ? files : files.map((file) => file.split(sep).join('/')).sort()
}

/**
 * Move the files of a partial staging folder into `outDir` one rename each (each file is replaced whole), then delete
 * the outputs of the last build that this one no longer has. Only for rebuilds: the staging folder holds just what
 * changed, so this touches a few hundred files where a swap would recreate thousands.
 */
export function applyStaging(staging: string, outDir: string, staged: readonly string[], previous: readonly string[], next: ReadonlySet<string>): void {
  const made = new Set<string>()
  for (const path of staged) {
    const target = join(outDir, path)
    const folder = dirname(target)
    if (!made.has(folder)) mkdirSync(folder, {recursive: true})
    made.add(folder)
    renameSync(join(staging, path), target)
  }
  for (const path of previous) {
    if (next.has(path)) continue
    attempt(() => unlinkSync(join(outDir, path)))
    // A release taken down leaves its folder empty: remove it, and stop at the first folder still in use.
    for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
      if (!attempt(() => rmdirSync(join(outDir, folder)))) break
    }
  }
}

/** Whether `step` ran without throwing (a file already gone, a folder still in use). */
function attempt(step: () => void): boolean {
  try {
    step()
    return true
  } catch {
    return false
  }
}
