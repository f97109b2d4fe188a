import type {VFile} from 'vfile'
import {report} from '../report/report.js'
import type {FrontMatterData} from './front-matter-schema.js'
import type {FrontMatter} from './read-front-matter.js'
import type {MediaItem} from './release.js'

const kinds = new Set(['image', 'video', 'audio'])
const extensionTypes: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', wav: 'audio/wav'
}

/** Check and resolve the Media Snippet: http(s) or site-relative URLs only, a known kind. */
export function parseMediaItems(file: VFile, matter: FrontMatter, media: FrontMatterData['media'], baseUrl: string): MediaItem[] | undefined {
  if (media === undefined) return []
  const list = Array.isArray(media) ? media : [media]
  const items: MediaItem[] = []
  let ok = true
  list.forEach((item, index) => {
    const path = Array.isArray(media) ? ['media', index] : ['media']
    const url = resolveMediaUrl(item.url, baseUrl)
    const urlPlace = matter.placeOf([...path, 'url'], 'value')
    if (!url) {
      ok = false
      report(file, 'media-url-invalid', `Unexpected media url \`${item.url}\`, expected an absolute http(s) URL with a host or a site path such as \`/media/photo.jpg\``, urlPlace)
      return
    }
    const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase()
    const declared = item.type?.toLowerCase()
    const mimeType = declared?.includes('/') ? declared : extension ? extensionTypes[extension] : undefined
    const kind = (declared && !declared.includes('/') ? declared : mimeType?.split('/')[0]) ?? 'image'
    if (!kinds.has(kind)) {
      ok = false
      report(file, 'media-type-invalid', `Unexpected media type \`${item.type}\`, expected image, video, audio or a MIME type of one`, matter.placeOf([...path, 'type'], 'value'))
      return
    }
    const sitePath = sitePathOf(url, baseUrl)
    items.push({
      url,
      ...(sitePath === undefined ? {} : {sitePath, urlPlace: {line: urlPlace.line, column: urlPlace.column}}),
      kind: kind as MediaItem['kind'],
      ...(mimeType ? {mimeType} : {}),
      ...(item.caption ? {caption: item.caption.trim()} : {}),
      ...(item.alt !== undefined ? {alt: item.alt.trim()} : {}),
      ...(item.length ? {length: item.length} : {})
    })
  })
  return ok ? items : undefined
}

/** An absolute http(s) URL for a media reference, or undefined for any other scheme (javascript:, data:, ftp:). */
function resolveMediaUrl(value: string, baseUrl: string): string | undefined {
  const trimmed = value.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return undefined
  // `https:photo.jpg` and `https:///x` parse as URLs (the parser supplies slashes and takes a path as the host), yet
  // name no host as written: a remote URL must say `scheme://host`.
  if (scheme !== undefined && !/^https?:\/\/[^/?#\s]/i.test(trimmed)) return undefined
  // A site path belongs under baseUrl, which may itself have a path (`https://example.com/newsroom`).
  const absolute = scheme === undefined && !trimmed.startsWith('//') ? `${baseUrl}/${trimmed.replace(/^\/+/, '')}` : trimmed
  try {
    const url = new URL(absolute, baseUrl + '/')
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/**
 * The file under the public folder a media URL on our own site names (`media/plant.jpg`), or undefined for a remote
 * URL: one under `baseUrl`'s origin and path.
 */
export function sitePathOf(url: string, baseUrl: string): string | undefined {
  const base = new URL(baseUrl.replace(/\/*$/, '/'))
  const target = new URL(url)
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined
  try {
    return decodeURIComponent(target.pathname.slice(base.pathname.length))
  } catch {
    return undefined
  }
}
