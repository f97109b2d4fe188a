import {mkdir, readdir, rename, rmdir, unlink} from 'node:fs/promises'
import {dirname, join, sep} from 'node:path'

/** Every file under `dir`, relative, with forward slashes, sorted. */
export async function listOutputs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split(sep).join('/'))
    .sort()
}

/**
 * Move the files of a partial staging folder into `outDir` one rename each (each file is replaced whole), then delete
 * the outputs of the last build that this one no longer has. Only for rebuilds: the staging folder holds just what
 * changed, so this touches a few hundred files where a swap would recreate thousands.
 */
export async function applyStaging(staging: string, outDir: string, staged: readonly string[], previous: readonly string[], next: ReadonlySet<string>): Promise<void> {
  const made = new Set<string>()
  for (const path of staged) {
    const target = join(outDir, path)
    const folder = dirname(target)
    if (!made.has(folder)) await mkdir(folder, {recursive: true})
    made.add(folder)
    await rename(join(staging, path), target)
  }
  for (const path of previous) {
    if (next.has(path)) continue
    await unlink(join(outDir, path)).catch(() => undefined)
    // A release taken down leaves its folder empty: remove it, and stop at the first folder still in use.
    for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
      const removed = await rmdir(join(outDir, folder)).then(() => true, () => false)
      if (!removed) break
    }
  }
}
