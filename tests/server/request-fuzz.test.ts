import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {sendRaw, type RawExchange} from '../support/raw-http.js'
import {runCli} from '../support/run-cli.js'
import type {CliServer} from '../support/start-cli-server.js'
import {startBothServers, type BothServers} from './start-both-servers.js'

// A failure names its seed: FUZZ_SEED=<seed> npx vitest run tests/server/request-fuzz.test.ts replays the same requests.
const seed = Number(process.env.FUZZ_SEED ?? 20_251_205)
const casesPerServer = 1000
const parallel = 8

/** One generated request: the bytes as sent, and what any answer to it must be. */
interface FuzzCase {
  kind: string
  bytes: Buffer
  /** `4xx`: a malformed request, refused; `answer`: any status below 500. */
  expect: '4xx' | 'answer'
  /** Responses to wait for (pipelined requests). */
  responses?: number
  /** Stop sending after the bytes, as a client that gives up mid-request. */
  halfClose?: boolean
}

/** mulberry32: small, fast and the same on every machine, so a seed always replays the same requests. */
function prng(state: number) {
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const int = (below: number) => Math.floor(next() * below)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T
  const bytes = (length: number, from = 0, to = 256) => Buffer.from(Array.from({length}, () => from + int(to - from)))
  return {next, int, pick, bytes}
}

type Random = ReturnType<typeof prng>

const paths = ['/', '/subscribe', '/confirm', '/unsubscribe', '/_pressroom/server.css', '/__pressroom/client.js', '/releases/2025-09-19-board-changes/', '/releases/', '/feed.xml', '/404.html', '/tags/', '/sitemap.xml']
const formTypes = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-16', 'APPLICATION/X-WWW-FORM-URLENCODED;charset=latin1', 'multipart/form-data; boundary=x', 'text/plain', '']
const badEscapes = ['%', '%z', '%zz', '%e0%a4%a', '%ff%fe', '%c0%af', '%00', '%25%', '%%', '%u0041', '%2e%2e%2f']
const weirdMethods = ['DELETE', 'PUT', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE', 'MKCOL', 'LINK', 'FOO', 'get', 'GeT', 'G\0T', 'GET\t', 'Ä', '']

const text = (value: string) => Buffer.from(value, 'latin1')
const head = (method: string, target: Buffer | string, headers: string[], body: Buffer | string = '') =>
  Buffer.concat([text(`${method} `), typeof target === 'string' ? text(target) : target, text(` HTTP/1.1\r\n${[...headers, 'Connection: close'].map((line) => line + '\r\n').join('')}\r\n`), typeof body === 'string' ? text(body) : body])
const host = 'Host: 127.0.0.1'
const formHeaders = (random: Random, length: number) => [host, `Content-Type: ${random.pick(formTypes)}`, `Content-Length: ${length}`]

/** One of the fuzz's request shapes, chosen and filled in by `random`. */
function generate(random: Random, port: number): FuzzCase {
  const path = random.pick(paths)
  switch (random.int(14)) {
    case 0:
      return {kind: 'valid get', bytes: head(random.pick(['GET', 'HEAD']), path + (random.next() < 0.3 ? `?token=${random.bytes(8, 97, 123).toString()}` : ''), [host]), expect: 'answer'}
    case 1:
      return {kind: 'bad escape in path', bytes: head('GET', `/${random.pick(badEscapes)}${random.next() < 0.5 ? '/x' : ''}`, [host]), expect: '4xx'}
    case 2:
      return {kind: 'bad escape in query', bytes: head('GET', `${path}?token=${random.pick(badEscapes)}&${random.pick(badEscapes)}=1`, [host]), expect: 'answer'}
    case 3: {
      const control = String.fromCharCode(random.pick([...Array.from({length: 32}, (_, code) => code), 127]))
      const where = random.int(3)
      if (where === 0) return {kind: 'control character in target', bytes: head('GET', `${path}${control}x`, [host]), expect: '4xx'}
      if (where === 1) return {kind: 'control character in header', bytes: head('GET', path, [host, `X-Note: a${control === '\t' ? '\0' : control}b`]), expect: '4xx'}
      return {kind: 'control character in header name', bytes: head('GET', path, [host, `X${control}Note: a`]), expect: '4xx'}
    }
    case 4:
      return random.next() < 0.5
        ? {kind: 'over-long target', bytes: head('GET', '/' + 'a'.repeat(17_000 + random.int(30_000)), [host]), expect: '4xx'}
        : {kind: 'over-long header', bytes: head('GET', path, [host, `X-Long: ${'b'.repeat(17_000 + random.int(30_000))}`]), expect: '4xx'}
    case 5:
      return {kind: 'NUL byte', bytes: random.pick([head('GET', `/a\0b`, [host]), head('GET', path, [host, 'X-A: \0']), head('GET', path, [`Host: 127.0.0.1\0`]), head('GET\0', path, [host])]), expect: '4xx'}
    case 6: {
      const good = [`http://127.0.0.1:${port}${path}`, `HTTP://LOCALHOST:${port}${path}`, `https://127.0.0.1${path}`, `http://elsewhere.example${path}`]
      const bad = ['http://[bad', 'http://[::1', `http://127.0.0.1:99999${path}`, 'http://%zz/', 'http://a b/', 'ftp://127.0.0.1/', 'mailto:a@b', '*', '127.0.0.1:443', 'http:', 'http://']
      return random.next() < 0.4 ? {kind: 'absolute-form', bytes: head('GET', random.pick(good), [host]), expect: 'answer'} : {kind: 'bad absolute-form or asterisk', bytes: head(random.pick(['GET', 'OPTIONS', 'POST']), random.pick(bad), [host]), expect: '4xx'}
    }
    case 7:
      return {kind: 'weird method', bytes: head(random.pick(weirdMethods), path, [host]), expect: '4xx'}
    case 8: {
      const size = random.pick(['zz', '-1', 'fffffffffffffffffff', '5', '0x5', ' 5', '5 5', '', '1;' + 'e'.repeat(9000)])
      const body = `${size}\r\nabc\r\n0\r\n\r\n`
      return {kind: 'chunked body with a bad size', bytes: head('POST', random.pick(['/subscribe', '/confirm', '/unsubscribe', '/']), [host, 'Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked'], body), expect: '4xx'}
    }
    case 9: {
      const length = 8 * 1024 + 1 + random.int(40_000)
      const chunked = random.next() < 0.5
      const body = 'email=' + 'a'.repeat(length)
      const headers = chunked ? [host, 'Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked'] : [host, 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${body.length}`]
      return {kind: 'body over the cap', bytes: head('POST', random.pick(['/subscribe', '/confirm', '/unsubscribe']), headers, chunked ? `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : body), expect: '4xx'}
    }
    case 10: {
      const whole = random.next() < 0.5 ? head('GET', path, [host, 'Accept: text/html']) : head('POST', '/subscribe', [host, 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 40'], 'email=reader%40example.org')
      const headEnd = whole.indexOf('\r\n\r\n')
      // Cut inside the head (no request yet), or inside a body shorter than its Content-Length.
      const cut = whole.length > headEnd + 4 && random.next() < 0.5 ? headEnd + 4 + random.int(whole.length - headEnd - 4) : 1 + random.int(headEnd + 2)
      return {kind: 'truncated request', bytes: whole.subarray(0, cut), expect: '4xx', halfClose: true}
    }
    case 11: {
      const count = 2 + random.int(4)
      const requests = Array.from({length: count}, (_, index) =>
        text(`GET ${random.pick(paths)} HTTP/1.1\r\n${host}\r\n${index === count - 1 ? 'Connection: close\r\n' : ''}\r\n`)
      )
      return {kind: 'pipelined requests', bytes: Buffer.concat(requests), expect: 'answer', responses: count}
    }
    case 12:
      return random.next() < 0.5
        ? {kind: 'non-UTF-8 target', bytes: head('GET', Buffer.concat([text(path), random.bytes(1 + random.int(6), 128, 256)]), [host]), expect: '4xx'}
        : {kind: 'non-UTF-8 header', bytes: head('GET', path, [host, `X-Name: ${random.bytes(6, 128, 256).toString('latin1')}`]), expect: 'answer'}
    default: {
      const endpoint = random.pick(['/subscribe', '/confirm', '/unsubscribe'])
      const field = endpoint === '/subscribe' ? 'email' : 'token'
      const values = [
        text(`${field}=${random.pick(badEscapes)}`),
        Buffer.concat([text(`${field}=`), random.bytes(1 + random.int(40))]),
        text(`${field}=a.b&${field}=c.d&tags=${random.pick(badEscapes)}`),
        text('&&&==&=%&+'),
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${field}=x`, 'utf16le')]),
        text(`${field}=${'x'.repeat(random.int(2000))}.${'y'.repeat(random.int(100))}`),
        text(`tags=${'t,'.repeat(500)}&email=no-at-sign.example`),
        text('--x\r\nContent-Disposition: form-data; name="token"\r\n\r\nabc\r\n--x--\r\n')
      ]
      const body = random.pick(values)
      return {kind: `odd form body to ${endpoint}`, bytes: head('POST', endpoint + (random.next() < 0.3 ? `?token=${random.pick(badEscapes)}` : ''), formHeaders(random, body.length), body), expect: '4xx'}
    }
  }
}

/** What is wrong with one exchange, or undefined when it is as the case expects. */
function problemOf(fuzzCase: FuzzCase, exchange: RawExchange): string | undefined {
  const statuses = exchange.responses.map((response) => response.status)
  if (statuses.length < (fuzzCase.responses ?? 1)) return `${exchange.responses.length} responses${exchange.timedOut ? ' (timed out)' : ''}${exchange.error ? ` (${exchange.error})` : ''}`
  if (statuses.some((status) => status >= 500)) return `status ${statuses.join(', ')}`
  if (fuzzCase.expect === '4xx' && !(statuses[0] !== undefined && statuses[0] >= 400 && statuses[0] < 500)) return `status ${statuses[0]}, expected a 4xx`
  return undefined
}

let servers: Partial<BothServers> = {}

beforeAll(async () => {
  servers = await startBothServers({
    prefix: 'pressroom-fuzz-',
    // serve gets a built site too, so its static files (path checks, 404 page, streaming) are fuzzed with the endpoints.
    serveArgs: ['--out', 'out'],
    prepare: (dir) => {
      const built = runCli(['build', '--now', '2025-09-20T12:00:00Z'], {cwd: dir})
      expect(built.status, built.stderr).toBe(0)
    }
  })
})

afterAll(() => servers.close?.())

describe.each(['serve', 'dev'] as const)('pressroom %s under a request fuzz', (name) => {
  it(`should answer ${casesPerServer} generated requests, malformed ones with a 4xx, and keep serving`, async () => {
    const server = servers[name] as CliServer
    const random = prng(seed + (name === 'serve' ? 0 : 1))
    const cases = Array.from({length: casesPerServer}, () => generate(random, server.port))
    const problems: string[] = []
    const kinds = new Map<string, number>()
    let next = 0
    const worker = async () => {
      // Bounded: each worker takes cases until the shared list is used up.
      while (next < cases.length) {
        const index = next++
        const fuzzCase = cases[index] as FuzzCase
        kinds.set(fuzzCase.kind, (kinds.get(fuzzCase.kind) ?? 0) + 1)
        const exchange = await sendRaw(server.port, fuzzCase.bytes, {expected: fuzzCase.responses ?? 1, timeoutMs: 5000, halfClose: fuzzCase.halfClose === true})
        const problem = problemOf(fuzzCase, exchange)
        if (problem) problems.push(`#${index} ${fuzzCase.kind}: ${problem}: ${JSON.stringify(fuzzCase.bytes.subarray(0, 120).toString('latin1'))}`)
      }
    }
    await Promise.all(Array.from({length: parallel}, worker))

    expect(problems.slice(0, 20), `seed ${seed}, ${problems.length} problems\n${server.output().slice(-2000)}`).toEqual([])
    // Every shape was tried: a generator that silently stopped producing one would make this test weaker unnoticed.
    expect(kinds.size).toBeGreaterThanOrEqual(20)
    expect(server.alive(), server.output()).toBe(true)
    const normal = await sendRaw(server.port, `GET ${name === 'serve' ? '/subscribe' : '/releases/2025-09-19-board-changes/'} HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`)
    expect(normal.responses[0]?.status).toBe(200)
    expect(server.output()).not.toMatch(/\n\s+at |failed:/)
  })
})
