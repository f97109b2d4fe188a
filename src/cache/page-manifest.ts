import {createHash} from 'node:crypto'
import {readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** What a build left in its build folder: every file, and the key of each output a rebuild may keep. */
export interface PageManifest {
  /** Templates, config and version the pages were rendered with. */
  stamp: string
  /** The build folder's marker after the build: another writer of it changes it, and the manifest no longer holds. */
  marker: string
  /** Every file of the build folder, relative, forward slashes. */
  outputs: string[]
  /** Site path of each output a rebuild may keep (release pages, feeds) -> its key (see output-keys.ts). */
  keys: Record<string, string>
}

const header = 'pressroom-pages 1'

/** The out folder's marker file, as a stamp that changes whenever a build (or anyone) rewrites it. */
export function outMarkerStamp(outDir: string): string | undefined {
  const info = statSync(join(outDir, '.pressroom-out'), {throwIfNoEntry: false})
  return info ? `${info.ino}/${info.mtimeMs}/${info.size}` : undefined
}

/** The manifest of the last build into `outDir`, if it is intact, of this stamp, and `outDir` is as it left it. */
export function readPageManifest(path: string, outDir: string, stamp: string): PageManifest | undefined {
  let text: string
  try {
    // Synchronous, as the render index: one read of a big file beats its pieces' trips to the thread pool.
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  const newline = text.indexOf('\n')
  const json = text.slice(newline + 1)
  if (text.slice(0, newline) !== `${header} ${createHash('sha256').update(json).digest('hex')}`) return undefined
  let manifest: PageManifest
  try {
    manifest = JSON.parse(json) as PageManifest
  } catch {
    return undefined
  }
  if (manifest.stamp !== stamp || !Array.isArray(manifest.outputs) || typeof manifest.keys !== 'object' || manifest.keys === null) return undefined
  return manifest.marker === outMarkerStamp(outDir) ? manifest : undefined
}

/** Write the manifest, checksummed so a damaged one is never trusted. */
export function writePageManifest(path: string, manifest: PageManifest): void {
  const json = JSON.stringify(manifest)
  writeFileSync(path, `${header} ${createHash('sha256').update(json).digest('hex')}\n${json}`)
}

/** Drop the manifest before `out/` changes, so a build that dies midway leaves none that could be trusted. */
export function forgetPageManifest(path: string): void {
  rmSync(path, {force: true})
}
