import {linkSync, mkdirSync, renameSync, rmdirSync, unlinkSync} from 'node:fs'
import {dirname, join, sep} from 'node:path'
import {listFiles} from '../release/find-release-files.js'

/** Every file under `dir`, relative, with forward slashes, sorted. */
export function listOutputs(dir: string): string[] {
  const files = listFiles(dir).map((file) => file.slice(dir.length + 1))
  return sep === '/' ? files : files.map((file) => file.split(sep).join('/')).sort()
}

/**
 * Move the files of a partial staging folder into a build folder no reader sees (the one `out/` does not link to), one
 * rename each, then delete the outputs it held that this build no longer has. Only for rebuilds: the staging folder
 * holds just what changed since that build folder was written, so this touches a few hundred files, not thousands.
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

/**
 * Fill the empty build folder `to` with hard links to the files `paths` of build folder `from`: both folders then
 * hold the same build, and since builds only ever rename files in or unlink them, never write into one, neither
 * changes the other. False when a file is missing or the filesystem has no hard links.
 */
export function linkBuild(from: string, to: string, paths: readonly string[]): boolean {
  const made = new Set<string>()
  return paths.every((path) => {
    const folder = dirname(join(to, path))
    if (!made.has(folder)) mkdirSync(folder, {recursive: true})
    made.add(folder)
    return attempt(() => linkSync(join(from, path), join(to, path)))
  })
}
