import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {sendRaw} from '../support/raw-http.js'
import type {CliServer} from '../support/start-cli-server.js'
import {startBothServers, type BothServers} from './start-both-servers.js'

// Request lines and headers that once ended the process (the URL parser threw in the router, then in its error
// handler) or got no answer at all (CONNECT), sent as raw bytes as an attacker would.
const malformed = [
  'GET //%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET http://[bad HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET http://127.0.0.1:99999/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET http://exa mple.com/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET example.com:443 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
  'GET ftp://example.com/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'POST //%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b',
  'GET / HTTP/1.1\r\nHost: [bad\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n',
  'GET / HTTP/1.1\r\n\r\n'
]

let servers: Partial<BothServers> = {}

beforeAll(async () => {
  servers = await startBothServers({prefix: 'pressroom-malformed-'})
})

afterAll(() => servers.close?.())

describe.each(['serve', 'dev'] as const)('pressroom %s given malformed requests', (name) => {
  it('should answer each with a 4xx and keep serving', async () => {
    const server = servers[name] as CliServer
    for (const request of malformed) {
      const exchange = await sendRaw(server.port, request)
      expect(exchange.responses[0]?.status, `${JSON.stringify(request)} got ${JSON.stringify(exchange.raw.toString('latin1').slice(0, 80))}\n${server.output()}`).toBeGreaterThanOrEqual(400)
      expect(exchange.responses[0]?.status).toBeLessThan(500)
      expect(server.alive(), server.output()).toBe(true)
    }
    const normal = await sendRaw(server.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(normal.responses[0]?.status).toBe(name === 'serve' ? 404 : 200)
    expect(server.output()).not.toMatch(/TypeError|Invalid URL|\n\s+at /)
  })

  it('should not let `//host/path` choose another host or path', async () => {
    const server = servers[name] as CliServer
    const exchange = await sendRaw(server.port, 'GET //evil.example/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(exchange.responses[0]?.status).toBe(404)
  })
})

describe('pressroom dev given an absolute-form target', () => {
  it('should serve a local one and refuse one naming another host, whatever the Host header says', async () => {
    const server = servers.dev as CliServer
    const local = await sendRaw(server.port, `GET http://127.0.0.1:${server.port}/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
    const foreign = await sendRaw(server.port, 'GET http://rebound.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(local.responses[0]?.status).toBe(200)
    expect(foreign.responses[0]?.status).toBe(403)
  })
})
