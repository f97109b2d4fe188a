import type {IncomingMessage, Server, ServerResponse} from 'node:http'
import type {Duplex} from 'node:stream'

/** A request handler that may throw or return a promise that rejects. */
export type RequestRoute = (request: IncomingMessage, response: ServerResponse) => unknown

/**
 * Wrap `route` as a node:http request listener that never throws and never rejects. node:http calls the listener
 * synchronously and ignores what it returns, so a throw there, or a rejection left to itself, would end the whole
 * process over one request. A failure is logged as one line and answered with 500 (by `answer` when given, which may
 * render a page; plain text when that fails too); once headers went out, the connection is cut instead.
 */
export function guardRequests(route: RequestRoute, options: {name: string; log: (line: string) => void; answer?: (response: ServerResponse) => Promise<void>}): (request: IncomingMessage, response: ServerResponse) => void {
  const fail = async (error: unknown, request: IncomingMessage, response: ServerResponse) => {
    options.log(`${options.name}: ${oneLine(request.method ?? '?')} ${JSON.stringify((request.url ?? '').slice(0, 200))} failed: ${oneLine(error instanceof Error ? error.message : String(error))}`)
    if (response.headersSent) return void response.destroy()
    try {
      if (options.answer) return await options.answer(response)
    } catch {
      if (response.headersSent) return void response.destroy()
    }
    response.writeHead(500, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'}).end('The server could not answer this request.\n')
  }
  return (request, response) => {
    let running: Promise<unknown>
    try {
      running = Promise.resolve(route(request, response))
    } catch (error) {
      running = Promise.reject(error)
    }
    running.catch((error: unknown) => fail(error, request, response)).catch(() => response.destroy())
  }
}

/**
 * Answer CONNECT with 405. node:http hands CONNECT to 'connect' listeners only and, with none, drops the connection
 * without a word; neither server tunnels anything, but every request gets an answer.
 */
export function refuseTunnels(server: Server): void {
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy())
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
  })
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 300)
