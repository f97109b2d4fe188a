import {statSync} from 'node:fs'
import {join} from 'node:path'
import type {PublicEntries} from './check-public-files.js'

/** What a public file's copy in the build folder looked like right after it was copied there, by its `/`-separated path. */
export type PublicCopies = ReadonlyMap<string, {size: bigint; mtimeNs: bigint}>

/**
 * Note each file of the public folder (`entries`) as its copy in `outDir` stands now, right after the public folder was
 * copied there: a writer that later writes a file of its own at the same path changes its size or modification time.
 */
export function notePublicCopies(entries: PublicEntries, outDir: string): PublicCopies {
  const copies = new Map<string, {size: bigint; mtimeNs: bigint}>()
  for (const [path, folder] of entries) {
    if (folder) continue
    const copy = statSync(join(outDir, ...path.split('/')), {bigint: true, throwIfNoEntry: false})
    if (copy !== undefined) copies.set(path, {size: copy.size, mtimeNs: copy.mtimeNs})
  }
  return copies
}

/**
 * The public files an output was written over since {@link notePublicCopies}, by their `/`-separated path: every
 * writer writes after the copy, so a copy written again has a later modification time (or is gone or resized), and a
 * copy left as it was is still the public file. Only a warning rests on it: an output written within the file system's
 * timestamp granularity of the copy, at the same size, would go unmentioned, and is still the output.
 */
export function replacedPublicFiles(outDir: string, copies: PublicCopies): string[] {
  const replaced: string[] = []
  for (const [path, before] of copies) {
    const now = statSync(join(outDir, ...path.split('/')), {bigint: true, throwIfNoEntry: false})
    if (now === undefined || now.size !== before.size || now.mtimeNs !== before.mtimeNs) replaced.push(path)
  }
  return replaced.sort()
}
