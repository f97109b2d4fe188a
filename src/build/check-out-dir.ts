import {lstatSync, readdirSync, readlinkSync, realpathSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, relative, resolve, sep} from 'node:path'
import {PressroomError} from '../report/pressroom-error.js'
import {buildsDirOf, outMarker} from './swap-out-dir.js'

/** The folders a build reads, by what the out folder may not be to them. */
export interface ProjectFolders {
  /** Folders read from (releases, public files, templates): the out folder may neither hold nor lie inside one. */
  inputs: ReadonlyArray<{name: string; path: string}>
  /** Folders that hold the inputs (the working folder, the config file's folder): the out folder may not hold one. */
  holders: ReadonlyArray<{name: string; path: string}>
}

/**
 * Refuse, before anything is read or written, an out folder whose replacement would delete what is not ours: an
 * existing file, a link or a non-empty folder pressroom did not make, or a folder that holds or lies inside the inputs.
 */
export function checkOutDir(outDir: string, cwd: string, folders: ProjectFolders): void {
  const target = resolve(cwd, outDir)
  const refuse = (why: string, hint = 'Pass --out with a folder of its own, such as `out`'): never => {
    throw new PressroomError('OUT_DIR_INVALID', `Refusing to build into \`${outDir}\`: ${why}`, {hint})
  }
  const info = lstatSync(target, {throwIfNoEntry: false})
  if (info?.isSymbolicLink() === true && !isOurLink(target)) refuse('it is a symbolic link pressroom did not make')
  else if (info !== undefined && !info.isSymbolicLink() && !info.isDirectory()) refuse('it is a file, not a folder')
  const real = realPath(target)
  if (real === dirname(real)) refuse('it is the root of the file system')
  for (const {name, path} of folders.holders) {
    if (holds(real, realPath(resolve(cwd, path)))) refuse(`it holds the ${name}`)
  }
  for (const {name, path} of folders.inputs) {
    const input = realPath(resolve(cwd, path))
    if (holds(real, input)) refuse(`it holds the ${name}`)
    if (holds(input, real)) refuse(`it lies inside the ${name}`)
  }
  if (info?.isDirectory() === true) {
    const names = readdirSync(target)
    if (names.length > 0 && !names.includes(outMarker)) {
      refuse('it is not empty and was not written by pressroom', `Pass --out with a new or empty folder, or delete \`${outDir}\` yourself if it is safe to`)
    }
  }
}

/** Whether `outer` is `inner` or a folder above it. */
function holds(outer: string, inner: string): boolean {
  const path = relative(outer, inner)
  return path === '' || (path !== '..' && !path.startsWith('..' + sep) && !isAbsolute(path))
}

/** A link made by a build: to a folder of the builds folder beside it (even one deleted since: the build replaces it). */
function isOurLink(link: string): boolean {
  return dirname(resolve(dirname(link), readlinkSync(link))) === buildsDirOf(link)
}

/** The path with its links resolved, as far as it exists: the rest is taken as written. */
function realPath(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    const parent = dirname(path)
    return parent === path ? path : join(realPath(parent), basename(path))
  }
}
