import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {PressroomError} from '../report/pressroom-error.js'

/** The file that marks a folder as pressroom output, so a build never replaces a folder it did not write. */
export const outMarker = '.pressroom-out'

/** Make a temporary sibling of `outDir` to build into (same filesystem, so the swap is a rename). */
export function prepareStagingDir(outDir: string, cwd: string): string {
  const target = resolve(cwd, outDir)
  const home = resolve(cwd)
  if (target === home || !relative(target, home).startsWith('..') || target === dirname(target)) {
    throw new PressroomError('OUT_DIR_INVALID', `Refusing to build into \`${outDir}\`: it holds the project itself`, {hint: 'Pass --out with a folder of its own, such as `out`'})
  }
  const existing = entriesOf(target)
  if (existing && existing.length > 0 && !existing.includes(outMarker)) {
    throw new PressroomError('OUT_DIR_INVALID', `Refusing to replace \`${outDir}\`: it is not empty and was not written by pressroom`, {
      hint: `Pass --out with a new or empty folder, or delete \`${outDir}\` yourself if it is safe to`
    })
  }
  mkdirSync(dirname(target), {recursive: true})
  const staging = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`)
  mkdirSync(staging)
  writeFileSync(join(staging, outMarker), 'Written by pressroom: this whole folder is replaced on every build.\n')
  return staging
}

/** Swap the finished staging folder in for `outDir`; until this rename, `outDir` keeps its last good state. */
export function swapInStagingDir(staging: string, outDir: string, cwd: string): void {
  const target = resolve(cwd, outDir)
  const hasOld = existsSync(target)
  const old = `${staging}.old`
  if (hasOld) renameSync(target, old)
  renameSync(staging, target)
  if (hasOld) rmSync(old, {recursive: true, force: true})
}

/** Throw away a staging folder after a failed build. */
export function discardStagingDir(staging: string): void {
  rmSync(staging, {recursive: true, force: true})
}

/** The names in a folder; undefined when there is no folder to list. */
function entriesOf(folder: string): string[] | undefined {
  try {
    return readdirSync(folder)
  } catch {
    return undefined
  }
}
