import {storedRenditions} from '../images/process-images.js'
import type {Release} from '../release/release.js'

/** Where the build keeps what it made of the public folder's images, for a send to find their email-sized renditions. */
export interface RenditionSource {
  publicDir: string
  /** The build's image store (`<build cache>/images`). */
  imagesDir: string
}

/**
 * `releases` with the renditions the last build made of their images (`release.images`), as a build hands them to its
 * email preview: a real send then links the same sized JPEG or PNG, not a multi-megabyte original. An image no build
 * has made renditions of yet keeps its own URL.
 */
export function releaseRenditions(releases: readonly Release[], source: RenditionSource | undefined, cwd: string): Release[] {
  if (source === undefined) return [...releases]
  const bySitePath = storedRenditions({releases, publicDir: source.publicDir, cacheDir: source.imagesDir, cwd})
  if (bySitePath.size === 0) return [...releases]
  return releases.map((release) => {
    const shown = release.media.flatMap((item) => {
      const renditions = item.sitePath === undefined ? undefined : bySitePath.get(item.sitePath)
      return renditions === undefined || item.sitePath === undefined ? [] : [[item.sitePath, renditions] as const]
    })
    // Loaded releases are plain records (no build cache behind them): a spread copy keeps every field.
    return shown.length === 0 ? release : {...release, images: Object.fromEntries(shown)}
  })
}
