import {readFile, stat} from 'node:fs/promises'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {extname, join, normalize} from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json'
}

/**
 * A static server of `dir` on 127.0.0.1 (a free port), serving folders' `index.html` and `404.html` as a host would.
 * With `prefix` (`/news`) the folder is served under that path only, as a newsroom whose `baseUrl` has one; any other
 * path is a 404.
 */
export async function serveFolder(dir: string, options: {prefix?: string} = {}): Promise<{origin: string; close(): Promise<void>}> {
  const prefix = (options.prefix ?? '').replace(/\/+$/, '')
  const server = createServer(async (request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const inside = prefix === '' || requested === prefix || requested.startsWith(prefix + '/')
    const path = normalize(requested.slice(prefix.length) || '/')
    let file = join(dir, path)
    try {
      if (!inside) throw new Error('outside the prefix')
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
      const body = await readFile(file)
      response.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'}).end(body)
    } catch {
      const body = await readFile(join(dir, '404.html')).catch(() => 'Not found')
      response.writeHead(404, {'content-type': types['.html']}).end(body)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve()))}
}
