import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

/** One publish request as the test hub received it. */
export interface HubRequest {
  contentType: string
  form: URLSearchParams
}

/** A WebSub hub's publish endpoint on 127.0.0.1: 204 for a well-formed publish, after refusing the first `failFirst` with 503. */
export interface TestHub {
  url: string
  requests: HubRequest[]
  close(): Promise<void>
}

/**
 * Start a hub that implements what a publisher talks to: a form-encoded POST with `hub.mode=publish` and the topic in
 * `hub.url`; anything else is a 400, as a hub answers a request it cannot read. `silent` never answers at all.
 */
export async function startTestHub(options: {failFirst?: number; silent?: boolean} = {}): Promise<TestHub> {
  const requests: HubRequest[] = []
  let failures = options.failFirst ?? 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      if (options.silent === true) return
      const contentType = request.headers['content-type'] ?? ''
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      requests.push({contentType, form})
      if (failures > 0) {
        failures--
        response.writeHead(503).end('busy')
        return
      }
      const ok = request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded') && form.get('hub.mode') === 'publish' && /^https?:\/\//.test(form.get('hub.url') ?? '')
      response.writeHead(ok ? 204 : 400).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hub`,
    requests,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}

/** A loopback port nothing listens on: taken from a server that is then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
