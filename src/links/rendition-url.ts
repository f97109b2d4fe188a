import type {ImageRendition, MediaItem, Release} from '../release/release.js'

/**
 * The URL of a rendition (a path in the out folder) under `prefix`: the base path for pages (`''` at a domain's
 * root), `baseUrl` for what is read away from the site (link previews, feeds, email). The one place these URLs are made.
 */
export function renditionUrl(prefix: string, path: string): string {
  return `${prefix.replace(/\/+$/, '')}/${path}`
}

/**
 * The absolute URL of an image for a reader that takes only JPEG, PNG and GIF (mail clients): its widest JPEG or PNG
 * rendition at most `maxWidth` pixels wide when the build made them, else the image as given.
 */
export function sizedImageUrl(release: Pick<Release, 'images'>, item: MediaItem, baseUrl: string, maxWidth: number): string {
  const fallback = item.sitePath === undefined ? undefined : release.images?.[item.sitePath]?.fallback
  if (fallback === undefined || fallback.length === 0) return new URL(item.url, `${baseUrl}/`).href
  const fitting = fallback.filter((rendition) => rendition.width <= maxWidth)
  const chosen = (fitting[fitting.length - 1] ?? fallback[0]) as ImageRendition
  return renditionUrl(baseUrl, chosen.path)
}
