import {realpath, stat} from 'node:fs/promises'
import {extname, join, resolve, sep} from 'node:path'

/** Content types of what a build writes; anything else is served as bytes, never sniffed. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
  '.eml': 'message/rfc822'
}

/** A file found under the static root. */
export interface StaticFile {
  path: string
  contentType: string
}

/**
 * The file a URL path names under `root` (a folder's `index.html` for a folder), or undefined. The decoded path is
 * resolved and then checked, symlinks included, to lie inside `root`: `..`, encoded slashes and NUL bytes lead nowhere.
 */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  // Dot segments cover `..` and hidden files such as the build's `.pressroom-out` marker.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((part) => part.startsWith('.'))) return undefined
  const base = await realpath(root).catch(() => undefined)
  if (base === undefined) return undefined
  let path = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded))
  if (!inside(base, path)) return undefined
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) path = join(path, 'index.html')
  const real = await realpath(path).catch(() => undefined)
  if (real === undefined || !inside(base, real)) return undefined
  if (!(await stat(real)).isFile()) return undefined
  return {path: real, contentType: contentTypes[extname(real).toLowerCase()] ?? 'application/octet-stream'}
}

function inside(base: string, path: string): boolean {
  return path === base || path.startsWith(base.endsWith(sep) ? base : base + sep)
}
