import {randomBytes} from 'node:crypto'
import {lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, relative, resolve} from 'node:path'

/** The file that marks a folder as pressroom output, so a build never replaces a folder it did not write. */
export const outMarker = '.pressroom-out'

/** The two build folders `out` links to in turn: the one it does not link to is brought up to date, then swapped in. */
const slots = ['a', 'b'] as const

/** The folder beside the out folder that holds its two builds. */
export function buildsDirOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.builds`)
}

/**
 * The build folder the next build writes: the one the out folder `target` (an absolute path) does not link to now.
 * `linked` says whether `target` is such a link: otherwise neither build folder is what the last build left there.
 */
export function nextBuildDir(target: string): {name: string; dir: string; linked: boolean} {
  let current: string | undefined
  try {
    current = resolve(dirname(target), readlinkSync(target))
  } catch {
    current = undefined
  }
  const dirs = slots.map((name) => ({name, dir: join(buildsDirOf(target), name)}))
  const next = dirs.find((slot) => slot.dir !== current) as {name: string; dir: string}
  return {...next, linked: dirs.some((slot) => slot.dir === current)}
}

/** The build folder of the out folder `target` (an absolute path) that is not the one named `name`. */
export function otherBuildDir(target: string, name: string): {name: string; dir: string} {
  const other = slots.find((slot) => slot !== name) as string
  return {name: other, dir: join(buildsDirOf(target), other)}
}

/** Make a marked staging folder in the builds folder beside `target`, to write a build's new files into. */
export function prepareStagingDir(target: string): string {
  mkdirSync(buildsDirOf(target), {recursive: true})
  const staging = join(buildsDirOf(target), `tmp-${randomBytes(4).toString('hex')}`)
  mkdirSync(staging)
  writeFileSync(join(staging, outMarker), 'Written by pressroom: the out folder beside this one links to the build in use.\n')
  return staging
}

/** Make a finished staging folder the whole of build folder `build`, whatever it held. */
export function replaceBuildDir(staging: string, build: string): void {
  rmSync(build, {recursive: true, force: true})
  renameSync(staging, build)
}

/**
 * Point the out folder at a finished build folder with one rename of a new link over the old one, so a reader of
 * `out/` sees the last build or this one, whole, never a mix. The last build stays as it is until the next build.
 */
export function swapInBuildDir(build: string, target: string): void {
  const builds = buildsDirOf(target)
  const link = join(builds, `link-${randomBytes(4).toString('hex')}`)
  // Relative to the out folder's own folder, where it ends up, so the project can be moved or copied with it.
  symlinkSync(relative(dirname(target), build), link)
  try {
    // An out folder written before builds were kept beside it can't be renamed over: it moves into the builds folder,
    // so between these two renames there is no out folder at all, but never half of one.
    if (lstatSync(target, {throwIfNoEntry: false})?.isDirectory() === true) renameSync(target, join(builds, `before-${randomBytes(4).toString('hex')}`))
    renameSync(link, target)
  } catch (error) {
    rmSync(link, {force: true})
    throw error
  }
  // What killed builds and that first swap left behind.
  for (const name of readdirSync(builds)) {
    if (!(slots as readonly string[]).includes(name)) rmSync(join(builds, name), {recursive: true, force: true})
  }
}

/** Throw away a staging folder after a failed build. */
export function discardStagingDir(staging: string): void {
  rmSync(staging, {recursive: true, force: true})
}
