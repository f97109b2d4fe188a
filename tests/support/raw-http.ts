import {connect} from 'node:net'

/** One response as read off the wire: its status, headers (lowercased names) and body bytes. */
export interface RawResponse {
  status: number
  statusLine: string
  headers: Record<string, string>
  body: Buffer
}

/** What came back on one connection: the responses parsed in order, the raw bytes, and whether it ended in time. */
export interface RawExchange {
  responses: RawResponse[]
  raw: Buffer
  timedOut: boolean
  error?: string
}

/**
 * Send `bytes` to `host:port` over a plain TCP socket, exactly as given (no client library to tidy them up), and read
 * until `expected` responses were parsed, the server closes, or `timeoutMs` passes. `halfClose` ends the sending side
 * after the bytes, as a client that stops mid-request does. `heads` names requests whose responses carry no body.
 */
export function sendRaw(port: number, bytes: Buffer | string, options: {expected?: number; timeoutMs?: number; halfClose?: boolean; heads?: readonly boolean[]} = {}): Promise<RawExchange> {
  const expected = options.expected ?? 1
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let settled = false
    const socket = connect({port, host: '127.0.0.1'})
    const finish = (timedOut: boolean, error?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const raw = Buffer.concat(chunks)
      resolve({responses: parseResponses(raw, options.heads), raw, timedOut, ...(error ? {error} : {})})
    }
    const timer = setTimeout(() => finish(true), options.timeoutMs ?? 5000)
    socket.on('connect', () => {
      socket.write(bytes)
      if (options.halfClose) socket.end()
    })
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (parseResponses(Buffer.concat(chunks), options.heads).length >= expected) finish(false)
    })
    // A server that refuses a body may reset the connection after answering: what arrived before still counts.
    socket.on('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? error.message))
    socket.on('close', () => finish(false))
  })
}

/** The complete HTTP/1.x responses at the start of `raw`, in order; a response cut short is left out. */
export function parseResponses(raw: Buffer, heads: readonly boolean[] = []): RawResponse[] {
  const responses: RawResponse[] = []
  let at = 0
  // Bounded: every round either consumes bytes or stops.
  while (at < raw.length) {
    const end = raw.indexOf('\r\n\r\n', at)
    if (end < 0) break
    const [statusLine = '', ...lines] = raw.subarray(at, end).toString('latin1').split('\r\n')
    const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine)
    if (!match) break
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    const status = Number(match[1])
    let bodyStart = end + 4
    let body: Buffer
    const noBody = heads[responses.length] === true || status === 204 || status === 304 || (status >= 100 && status < 200)
    if (noBody) {
      body = Buffer.alloc(0)
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = []
      let complete = false
      for (let guard = 0; guard < 100_000; guard++) {
        const lineEnd = raw.indexOf('\r\n', bodyStart)
        if (lineEnd < 0) break
        const size = Number.parseInt(raw.subarray(bodyStart, lineEnd).toString('latin1'), 16)
        if (!Number.isFinite(size) || lineEnd + 2 + size + 2 > raw.length) break
        parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size))
        bodyStart = lineEnd + 2 + size + 2
        if (size === 0) {
          complete = true
          break
        }
      }
      if (!complete) break
      body = Buffer.concat(parts)
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length'])
      if (bodyStart + length > raw.length) break
      body = raw.subarray(bodyStart, bodyStart + length)
      bodyStart += length
    } else {
      // Delimited by the connection closing: the rest is its body.
      body = raw.subarray(bodyStart)
      bodyStart = raw.length
    }
    responses.push({status, statusLine, headers, body})
    at = bodyStart
  }
  return responses
}
