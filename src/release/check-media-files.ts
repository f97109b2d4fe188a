import {readdirSync, statSync} from 'node:fs'
import {join, posix, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import {report} from '../report/report.js'
import {closestWord} from './closest-word.js'
import type {Release} from './release.js'

/**
 * Report each media item on our own site whose file is not in `publicDir` (`media-file-missing`, at the item's `url`),
 * with the nearest file name of its folder when one is close. Run on every release, cached or not: the file can go
 * while the release stays the same.
 */
export function checkMediaFiles(releases: readonly Release[], files: VFile[], publicDir: string, cwd: string): void {
  const root = resolve(cwd, publicDir)
  const listings = new Map<string, string[]>()
  const namesIn = (folder: string) => {
    let names = listings.get(folder)
    if (names === undefined) {
      names = readdirSync(join(root, folder), {withFileTypes: true, recursive: false}).filter((entry) => entry.isFile()).map((entry) => entry.name)
      listings.set(folder, names)
    }
    return names
  }
  for (const release of releases) {
    for (const item of release.media) {
      if (item.sitePath === undefined) continue
      // A path that climbs out of the public folder (`%2e%2e/`) names no file of the site, whatever is there.
      const inside = resolve(root, item.sitePath).startsWith(root + sep)
      if (inside && isFile(join(root, item.sitePath))) continue
      const folder = posix.dirname(item.sitePath)
      const near = inside && isFolder(join(root, folder)) ? closestWord(posix.basename(item.sitePath), namesIn(folder), 3) : undefined
      const expected = near === undefined ? `expected a file \`${posix.join(publicDir, item.sitePath)}\`` : `did you mean \`${posix.join(folder === '.' ? '' : '/' + folder, near)}\`?`
      report(fileOf(files, release), 'media-file-missing', `Unexpected media url \`/${item.sitePath}\` with no such file in \`${publicDir}/\`, ${expected}`, item.urlPlace)
    }
  }
}

/**
 * Report each image of `releases` at `unreadable` site paths (`media-image-unreadable`, at the item's `url`): a file
 * that is there but that the build could not decode, which pages then link as it is.
 */
export function reportUnreadableImages(releases: readonly Release[], files: VFile[], unreadable: readonly string[]): void {
  const paths = new Set(unreadable)
  for (const release of releases) {
    for (const item of release.media) {
      if (item.kind !== 'image' || item.sitePath === undefined || !paths.has(item.sitePath)) continue
      report(fileOf(files, release), 'media-image-unreadable', `Unexpected image \`/${item.sitePath}\` that cannot be decoded (truncated, or not the format its name says), expected a whole JPEG, PNG, WebP, AVIF or TIFF file`, item.urlPlace)
    }
  }
}

function fileOf(files: VFile[], release: Release): VFile {
  let file = files.find((candidate) => candidate.path === release.path)
  if (!file) files.push((file = new VFile({path: release.path})))
  return file
}

function isFile(path: string): boolean {
  return statSync(path, {throwIfNoEntry: false})?.isFile() === true
}

function isFolder(path: string): boolean {
  return statSync(path, {throwIfNoEntry: false})?.isDirectory() === true
}
