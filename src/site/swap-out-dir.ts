import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

/** The file that marks a folder as pressroom output, so a build never replaces a folder it did not write. */
export const outMarker = '.pressroom-out'

/** The folder beside the out folder that holds its builds. */
export function buildsDirOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.builds`)
}

/** Make a temporary sibling of `outDir` to build into (same filesystem, so the swap is a rename); see `checkOutDir`. */
export function prepareStagingDir(outDir: string, cwd: string): string {
  const target = resolve(cwd, outDir)
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
