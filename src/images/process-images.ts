import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, posix, resolve} from 'node:path'
import type {ImageRendition, ImageRenditions, Release} from '../release/release.js'
import type {EncodeFormat, ImageEncoder} from './sharp-image.js'
import {linkOrCopy} from '../cache/link-or-copy.js'

/** The widths a page offers a browser to choose from: a phone, a laptop column, a wide or high-density screen. */
export const renditionWidths = [480, 960, 1600] as const
/** The size link previews ask for (Open Graph, Twitter's large card). */
export const socialSize = {width: 1200, height: 630} as const
/** The folder of the out folder the renditions are written to. */
export const renditionsFolder = '_media'

// Changed whenever what a recipe makes changes (widths, formats, quality), so no stored rendition of the old one is
// used. sharp's own version is left out: reading it loads sharp, which a build whose images are all stored never does,
// and a rendition an older sharp made is still a right one.
const recipe = `1/${renditionWidths.join(',')}/webp-80+fallback-82/${socialSize.width}x${socialSize.height}-attention`
const resizable = /\.(jpe?g|png|webp|avif|tiff?)$/i
const stored = 'renditions.json'

/** Options of {@link processImages}. */
export interface ProcessImagesOptions {
  releases: readonly Release[]
  publicDir: string
  cwd: string
  /** Where renditions are kept between builds, by the hash of their source and recipe. */
  cacheDir: string
  /** Make every rendition again (`--no-cache`). */
  fresh?: boolean
  /** Makes the image encoder, on the first image to make (default sharp's, loaded only then). */
  encoder?: () => Promise<ImageEncoder>
}

/** What {@link processImages} gives: the renditions of each image by site path, and the files to put in the out folder. */
export interface ProcessedImages {
  bySitePath: Map<string, ImageRenditions>
  /** Each rendition's path in the out folder, and the stored file it is a copy of. */
  files: Map<string, string>
  /** Images whose renditions were made in this build; the others were found in the cache. */
  made: number
  reused: number
  /** How many times sharp was called: zero for a build whose images are all in the cache. */
  sharpCalls: number
  /** Site paths of images sharp could not read: shown as they are, with no renditions. */
  unreadable: string[]
}

/**
 * Make the responsive sizes, modern format with its fallback, and social crop of every image a release shows from the
 * public folder, once per image content: renditions are kept under the hash of the source bytes and the recipe, so a
 * rebuild of unchanged images reads a small JSON file per image and calls sharp not at all.
 */
export async function processImages(options: ProcessImagesOptions): Promise<ProcessedImages> {
  let encoder: ImageEncoder | undefined
  const encoderOnce = async () => (encoder ??= await (options.encoder ?? defaultEncoder)())
  const root = resolve(options.cwd, options.publicDir)
  if (options.fresh === true) rmSync(options.cacheDir, {recursive: true, force: true})
  const result: ProcessedImages = {bySitePath: new Map(), files: new Map(), made: 0, reused: 0, sharpCalls: 0, unreadable: []}
  const used = new Set<string>()
  for (const sitePath of imagePaths(options.releases)) {
    const bytes = readFileSync(join(root, sitePath))
    const key = storeKey(bytes)
    const dir = join(options.cacheDir, key)
    used.add(key)
    let renditions = readStored(dir)
    if (renditions === undefined) {
      try {
        renditions = await makeRenditions(await encoderOnce(), bytes, dir)
      } catch {
        // Bytes sharp cannot decode (a file misnamed .jpg, a format it lacks): the page shows the file as it is, as
        // it would without renditions, rather than the whole build stopping at one picture.
        result.unreadable.push(sitePath)
        continue
      }
      result.made++
    } else result.reused++
    result.bySitePath.set(sitePath, placed(sitePath, key, renditions, (path, name) => result.files.set(path, join(dir, name))))
  }
  pruneUnused(options.cacheDir, used)
  result.sharpCalls = encoder?.calls ?? 0
  return result
}

/**
 * The renditions the last build stored of the images `releases` show, by site path and named as that build put them in
 * the out folder; sharp is never called, and an image no build has made renditions of (new or changed since) is left
 * out. For what is read away from the site after a build, such as a digest sent by another command.
 */
export function storedRenditions(options: Omit<ProcessImagesOptions, 'fresh' | 'encoder'>): Map<string, ImageRenditions> {
  const root = resolve(options.cwd, options.publicDir)
  const found = new Map<string, ImageRenditions>()
  for (const {sitePath, bytes} of publicImages(options.releases, root)) {
    const key = storeKey(bytes)
    const renditions = readStored(join(options.cacheDir, key))
    if (renditions !== undefined) found.set(sitePath, placed(sitePath, key, renditions, () => undefined))
  }
  return found
}

// The images `releases` show that are in the public folder `root`, with their bytes; those missing are left to
// `media-file-missing`.
function* publicImages(releases: readonly Release[], root: string): Generator<{sitePath: string; bytes: Buffer}> {
  for (const sitePath of imagePaths(releases)) {
    let bytes: Buffer
    try {
      bytes = readFileSync(join(root, sitePath))
    } catch {
      continue
    }
    yield {sitePath, bytes}
  }
}

// The store key of an image: the hash of its bytes and the recipe, so a changed image or recipe is made afresh.
function storeKey(bytes: Buffer): string {
  return createHash('sha256').update(recipe).update('\0').update(bytes).digest('hex').slice(0, 20)
}

// Renditions as stored, renamed to their paths in the out folder; `onFile` hears each path and its stored file's name.
function placed(sitePath: string, key: string, renditions: ImageRenditions, onFile: (path: string, name: string) => void): ImageRenditions {
  // Named after the source and its content: a changed image gets new names, so no browser or CDN shows the old one.
  const prefix = `${renditionsFolder}/${posix.basename(sitePath).replace(/\.[^.]*$/, '').replace(/[^a-zA-Z0-9_-]+/g, '-')}-${key.slice(0, 10)}-`
  const place = (rendition: ImageRendition): ImageRendition => {
    onFile(prefix + rendition.path, rendition.path)
    return {...rendition, path: prefix + rendition.path}
  }
  return {...renditions, modern: renditions.modern.map(place), fallback: renditions.fallback.map(place), social: place(renditions.social)}
}

/**
 * The site paths of the images `releases` show from the public folder that the build could not make renditions of:
 * decoded with the same encoder the build uses, as far as a rendition needs (its size, then every pixel). For `check`,
 * which must say what a build would; files that are missing are left to `media-file-missing`.
 */
export async function unreadableImages(options: Pick<ProcessImagesOptions, 'releases' | 'publicDir' | 'cwd' | 'encoder'>): Promise<string[]> {
  const root = resolve(options.cwd, options.publicDir)
  let encoder: ImageEncoder | undefined
  const unreadable: string[] = []
  for (const {sitePath, bytes} of publicImages(options.releases, root)) {
    try {
      encoder ??= await (options.encoder ?? defaultEncoder)()
      const size = await encoder.size(bytes)
      // The narrowest rendition: every pixel is decoded, as for any size, without encoding a large one.
      await encoder.resize(bytes, Math.min(size.width, renditionWidths[0]), size.alpha ? 'png' : 'jpeg')
    } catch {
      unreadable.push(sitePath)
    }
  }
  return unreadable
}

async function defaultEncoder(): Promise<ImageEncoder> {
  const {createImageEncoder} = await import('./sharp-image.js')
  return createImageEncoder()
}

/** Put the renditions into the out folder being written: hard links to the stored files, copies where links fail. */
export function linkRenditions(files: ReadonlyMap<string, string>, outDir: string): void {
  const folders = new Set<string>()
  for (const [path, source] of files) linkOrCopy(source, join(outDir, path), {folders})
}

/** The site paths of the images releases show from the public folder, each once, in a stable order. */
function imagePaths(releases: readonly Release[]): string[] {
  const paths = new Set<string>()
  for (const release of releases) {
    for (const item of release.media) if (item.kind === 'image' && item.sitePath !== undefined && resizable.test(item.sitePath)) paths.add(item.sitePath)
  }
  return [...paths].sort()
}

/** Every rendition of one image, written to a folder of its own that appears whole or not at all. */
async function makeRenditions(encoder: ImageEncoder, bytes: Buffer, dir: string): Promise<ImageRenditions> {
  const size = await encoder.size(bytes)
  const widths: number[] = renditionWidths.filter((width) => width < size.width)
  // Never wider than the source: a smaller photo is offered at its own width as the largest size.
  const largest = Math.min(size.width, renditionWidths[renditionWidths.length - 1] as number)
  if (!widths.includes(largest)) widths.push(largest)
  const fallbackFormat: EncodeFormat = size.alpha ? 'png' : 'jpeg'
  const temporary = `${dir}.${process.pid}.tmp`
  rmSync(temporary, {recursive: true, force: true})
  mkdirSync(temporary, {recursive: true})
  const write = async (made: Promise<{data: Buffer; width: number; height: number}>, name: string, type: string): Promise<ImageRendition> => {
    const image = await made
    writeFileSync(join(temporary, name), image.data)
    return {path: name, width: image.width, height: image.height, type}
  }
  const modern: ImageRendition[] = []
  const fallback: ImageRendition[] = []
  for (const width of widths) {
    modern.push(await write(encoder.resize(bytes, width, 'webp'), `${width}.webp`, 'image/webp'))
    fallback.push(await write(encoder.resize(bytes, width, fallbackFormat), `${width}.${fallbackFormat === 'png' ? 'png' : 'jpg'}`, `image/${fallbackFormat}`))
  }
  const social = await write(encoder.crop(bytes, socialSize.width, socialSize.height), 'social.jpg', 'image/jpeg')
  const widest = fallback[fallback.length - 1] as ImageRendition
  const renditions: ImageRenditions = {width: widest.width, height: widest.height, modern, fallback, social}
  writeFileSync(join(temporary, stored), JSON.stringify(renditions))
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dirname(dir), {recursive: true})
  renameSync(temporary, dir)
  return renditions
}

/** The renditions stored in `dir`, or undefined when there are none or any of their files is gone. */
function readStored(dir: string): ImageRenditions | undefined {
  try {
    const renditions = JSON.parse(readFileSync(join(dir, stored), 'utf8')) as ImageRenditions
    const all = [...renditions.modern, ...renditions.fallback, renditions.social]
    return all.every((rendition) => statSync(join(dir, rendition.path), {throwIfNoEntry: false})?.isFile() === true) ? renditions : undefined
  } catch {
    return undefined
  }
}

/** Remove the stored renditions of images no release shows any more (their out folder copies are links of their own). */
function pruneUnused(cacheDir: string, used: ReadonlySet<string>): void {
  let names: string[]
  try {
    names = readdirSync(cacheDir)
  } catch {
    return
  }
  for (const name of names) if (!used.has(name)) rmSync(join(cacheDir, name), {recursive: true, force: true})
}
