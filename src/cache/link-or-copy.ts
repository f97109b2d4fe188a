import {copyFileSync, linkSync, mkdirSync, renameSync, rmSync, statSync} from 'node:fs'
import {dirname} from 'node:path'

/** How {@link linkOrCopy} put a file in place; undefined when its source is missing. */
export type Placed = 'linked' | 'copied' | undefined

/** Options of {@link linkOrCopy}. */
export interface LinkOrCopyOptions {
  /** Copy without trying a hard link first (what a link across filesystems falls back to). */
  copy?: boolean
  /**
   * The folders known to exist, shared by the calls of one batch: a folder not in it is made before the link and added.
   * For many files into a new tree (a restore, a mirror), where a failed link before each new folder would cost more.
   */
  folders?: Set<string>
}

/**
 * What {@link linkOrCopy} did in this process, for tests that count a build's file system work; never reset by it.
 * `links` and `copies` count files placed, `linkCalls` the links tried (failed ones too), `folders` the folders it had to
 * make, `replaced` the files it found in the way.
 */
export const linkOrCopyCounts = {links: 0, copies: 0, linkCalls: 0, folders: 0, replaced: 0}

/**
 * Put the file `from` at `to` as a hard link, so its bytes are neither read nor stored twice, or as a copy where a link
 * can't be made (another filesystem, too many links, a filesystem without them). Safe only because no one ever writes
 * into a file that is linked: the cache and the builds only rename files in or unlink them. A file already at `to` is
 * replaced by one rename (it may hold other bytes; a reader sees the old file or the new one, never a mix), and
 * `to`'s folder is made when missing. Undefined when `from` is missing.
 */
export function linkOrCopy(from: string, to: string, options: LinkOrCopyOptions = {}): Placed {
  const folder = dirname(to)
  if (options.folders !== undefined && !options.folders.has(folder)) {
    mkdirSync(folder, {recursive: true})
    linkOrCopyCounts.folders++
    options.folders.add(folder)
  }
  if (options.copy !== true) {
    let code = attemptLink(from, to)
    // No folder made up front: most targets' folders exist, and a link into a missing one fails without a trace.
    if (code === 'ENOENT') {
      if (statSync(from, {throwIfNoEntry: false}) === undefined) return undefined
      mkdirSync(folder, {recursive: true})
      linkOrCopyCounts.folders++
      code = attemptLink(from, to)
    }
    if (code === undefined) return countPlaced('linked')
    if (code === 'EEXIST') return replace(from, to)
    if (code === 'ENOENT') return undefined
  }
  // EXDEV, EMLINK, EPERM, ENOTSUP...: the link can't be made here, the bytes are copied. Under a temporary name first:
  // a build killed midway leaves no half file under the real one.
  const part = partOf(to)
  try {
    copyFileSync(from, part)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT') throw error
    if (statSync(from, {throwIfNoEntry: false}) === undefined) return undefined
    mkdirSync(folder, {recursive: true})
    linkOrCopyCounts.folders++
    copyFileSync(from, part)
  }
  renameSync(part, to)
  return countPlaced('copied')
}

// A file is in the way: unless it already is `from` (same inode), `from` is placed beside it and renamed over it, so a
// stale file with other bytes is never kept under the name.
function replace(from: string, to: string): Placed {
  const source = statSync(from, {throwIfNoEntry: false})
  if (source === undefined) return undefined
  const there = statSync(to, {throwIfNoEntry: false})
  if (there !== undefined && there.ino === source.ino && there.dev === source.dev) return countPlaced('linked')
  linkOrCopyCounts.replaced++
  const part = partOf(to)
  rmSync(part, {force: true})
  const code = attemptLink(from, part)
  if (code !== undefined) copyFileSync(from, part)
  renameSync(part, to)
  return countPlaced(code === undefined ? 'linked' : 'copied')
}

// The error code of a failed link, undefined when it was made.
function attemptLink(from: string, to: string): string | undefined {
  linkOrCopyCounts.linkCalls++
  try {
    linkSync(from, to)
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO'
  }
}

// In the same folder as `to`, so the rename over it never crosses a filesystem.
function partOf(to: string): string {
  return `${to}.${process.pid}.part`
}

function countPlaced(placed: 'linked' | 'copied'): Placed {
  if (placed === 'linked') linkOrCopyCounts.links++
  else linkOrCopyCounts.copies++
  return placed
}
