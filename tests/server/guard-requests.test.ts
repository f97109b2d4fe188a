import {createServer, type Server} from 'node:http'
import {afterEach, describe, expect, it} from 'vitest'
import {guardRequests, refuseTunnels, type RequestRoute} from '../../src/server/guard-requests.js'
import {closeServer, listenOn} from '../../src/server/listen-on.js'
import {sendRaw} from '../support/raw-http.js'

let server: Server | undefined
afterEach(async () => {
  if (server) await closeServer(server, 100)
  server = undefined
})

async function serve(route: RequestRoute, answer?: Parameters<typeof guardRequests>[1]['answer']) {
  const lines: string[] = []
  server = createServer(guardRequests(route, {name: 'test server', log: (line) => lines.push(line), ...(answer ? {answer} : {})}))
  refuseTunnels(server)
  const port = Number(new URL(await listenOn(server, 0, '127.0.0.1')).port)
  return {port, lines}
}

const get = (port: number, target = '/') => sendRaw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)

describe('guardRequests', () => {
  it('should answer a route that throws synchronously with 500, log one line and keep serving', async () => {
    let calls = 0
    const {port, lines} = await serve(() => {
      calls++
      throw new Error('broken\nrouter')
    })
    expect((await get(port, '/a')).responses[0]?.status).toBe(500)
    expect((await get(port, '/b')).responses[0]?.status).toBe(500)
    expect(calls).toBe(2)
    expect(lines).toEqual(['test server: GET "/a" failed: broken router', 'test server: GET "/b" failed: broken router'])
  })

  it('should answer a route that rejects with its own 500 page, and with plain text when that page fails too', async () => {
    const page = await serve(async () => Promise.reject(new Error('no database')), async (response) => void response.writeHead(500).end('our page'))
    const pageAnswer = await get(page.port)
    expect(pageAnswer.responses[0]?.status).toBe(500)
    expect(pageAnswer.responses[0]?.body.toString()).toBe('our page')
    await closeServer(server as Server, 100)

    const plain = await serve(async () => Promise.reject(new Error('no database')), async () => Promise.reject(new Error('no template')))
    const plainAnswer = await get(plain.port)
    expect(plainAnswer.responses[0]?.status).toBe(500)
    expect(plainAnswer.responses[0]?.body.toString()).toBe('The server could not answer this request.\n')
    expect(plain.lines).toHaveLength(1)
  })

  it('should cut the connection of a route that fails after its headers went out', async () => {
    const {port, lines} = await serve(async (_request, response) => {
      response.writeHead(200, {'Content-Type': 'text/plain'})
      response.write('partial')
      throw new Error('lost the file')
    })
    const exchange = await get(port)
    // Chunked and never finished: no complete response, and the connection is closed rather than left hanging.
    expect(exchange.responses).toEqual([])
    expect(exchange.raw.toString()).toContain('HTTP/1.1 200 OK')
    expect(exchange.timedOut).toBe(false)
    expect(lines).toEqual(['test server: GET "/" failed: lost the file'])
  })

  it('should answer CONNECT with 405 instead of dropping the connection', async () => {
    const {port} = await serve((_request, response) => void response.end('ok'))
    const exchange = await sendRaw(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')
    expect(exchange.responses[0]?.status).toBe(405)
  })
})
