import {readFile} from 'node:fs/promises'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {findStaticFile} from '../server/find-static-file.js'
import {guardRequests, refuseTunnels} from '../server/guard-requests.js'
import {closeServer, listenOn} from '../server/listen-on.js'
import {readRequestTarget} from '../server/read-request-target.js'
import type {BuildProblem} from './build-problems.js'
import {devClientScript, devPaths} from './dev-client-script.js'
import {injectPreview, type PreviewMark} from './preview-marks.js'

/** What the preview serves: the last good build (if any), its held-back marks, and the problems of the latest try. */
export interface PreviewState {
  /** The folder of the last good build; undefined until one succeeded. */
  outDir: string | undefined
  /** Counts good builds, so an open tab can tell whether it shows the newest. */
  version: number
  marks: readonly PreviewMark[]
  /** The problems of the latest build; empty when it succeeded. */
  problems: readonly BuildProblem[]
  /** The sample digest's folder (outside the build's out folder), served under {@link emailPreviewPrefix}. */
  emailPreviewDir?: string
}

/** Where the preview shows the sample digest: a path no site page can have, since a build never writes it. */
export const emailPreviewPrefix = '/_pressroom/email/'

/** A running preview server. */
export interface PreviewServer {
  origin: string
  /** Serve a new state and tell every open tab about it. */
  update(state: PreviewState): void
  close(): Promise<void>
}

const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

const waitingPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pressroom preview</title></head>
<body><main style="font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto"><h1>No good build yet</h1>
<p>Fix the problems below; this page updates by itself.</p></main></body></html>`

/** Serve the preview on `host:port` with node:http: built pages with the preview's additions, and the build events. */
export async function startPreviewServer(options: {port: number; host: string; log: (line: string) => void}): Promise<PreviewServer> {
  let state: PreviewState = {outDir: undefined, version: 0, marks: [], problems: []}
  const listeners = new Set<ServerResponse>()
  const event = () => `event: build\ndata: ${JSON.stringify({version: state.version, problems: state.problems})}\n\n`

  const route = (request: IncomingMessage, response: ServerResponse) => {
    // Every answer is fresh: the preview changes under the writer's hands.
    response.setHeader('Cache-Control', 'no-store')
    response.setHeader('X-Content-Type-Options', 'nosniff')
    const text = (status: number, body: string) => void response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8'}).end(body)
    const url = readRequestTarget(request)
    if (!url) return text(400, 'pressroom dev could not read this request\n')
    // The preview shows embargoed news: a page elsewhere that rebinds its own host name to 127.0.0.1 must not read it.
    // An absolute-form target names the host itself, so it must be a local one too.
    if (!localHosts.has(url.host) || (url.targetHost !== undefined && !localHosts.has(url.targetHost))) return text(403, 'pressroom dev answers only to 127.0.0.1 and localhost\n')
    // A preview only shows pages: nothing here accepts a body or changes anything.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD')
      return text(405, 'pressroom dev answers GET and HEAD only\n')
    }
    if (url.pathname === devPaths.events) {
      response.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive'})
      response.write(`retry: 1000\n\n${event()}`)
      listeners.add(response)
      request.on('close', () => listeners.delete(response))
      return
    }
    if (url.pathname === devPaths.script) return void response.writeHead(200, {'Content-Type': 'text/javascript; charset=utf-8'}).end(devClientScript)
    return serveBuilt(response, url.pathname)
  }
  const server = createServer(guardRequests(route, {name: 'pressroom dev', log: options.log}))
  refuseTunnels(server)

  const serveBuilt = async (response: ServerResponse, pathname: string) => {
    const shown = state
    const inject = (html: string) => injectPreview(html, {pathname, marks: shown.marks, version: shown.version, scriptPath: devPaths.script})
    if (shown.outDir === undefined) return void response.writeHead(503, {'Content-Type': 'text/html; charset=utf-8'}).end(inject(waitingPage))
    const previewDir = pathname.startsWith(emailPreviewPrefix) ? shown.emailPreviewDir : undefined
    const file = previewDir === undefined ? await findStaticFile(shown.outDir, pathname) : await findStaticFile(previewDir, pathname.slice(emailPreviewPrefix.length - 1))
    const chosen = file ?? (await findStaticFile(shown.outDir, '/404.html'))
    if (!chosen) return void response.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('Not found')
    const body = await readFile(chosen.path)
    response.writeHead(file ? 200 : 404, {'Content-Type': chosen.contentType})
    response.end(chosen.contentType.startsWith('text/html') ? inject(body.toString('utf8')) : body)
  }

  // Proxies and browsers drop a silent stream; a comment line now and then keeps it open.
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(': keep-alive\n\n')
  }, 20_000)
  heartbeat.unref()
  const origin = await listenOn(server, options.port, options.host)
  return {
    origin,
    update(next) {
      state = next
      for (const listener of listeners) listener.write(event())
    },
    async close() {
      clearInterval(heartbeat)
      for (const listener of listeners) listener.end()
      await closeServer(server, 1000)
    }
  }
}
