import type {AddressInfo, Socket} from 'node:net'
import {SMTPServer} from 'smtp-server'

/** One message as the test server took it. */
export interface ReceivedMessage {
  to: string
  raw: Buffer
}

/** One header of a message as the server kept it, its folded lines joined; undefined when it is absent. */
export const messageHeader = (raw: Buffer, name: string) =>
  raw.toString('utf8').replace(/\r\n[ \t]+/g, ' ').match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'))?.[1]?.trim()

/** The Message-IDs each recipient received, in the order the server took them. */
export function messageIdsByRecipient(accepted: readonly ReceivedMessage[]): Map<string, string[]> {
  const copies = new Map<string, string[]>()
  for (const message of accepted) copies.set(message.to, [...(copies.get(message.to) ?? []), messageHeader(message.raw, 'Message-ID') ?? ''])
  return copies
}

/** A reply the test wants instead of 250 for one DATA, e.g. `{code: 451, text: 'try later'}`. */
export type Refusal = {code: number; text: string} | undefined

/** A real SMTP server on 127.0.0.1 for tests: counts and keeps what it accepts, refuses what `respond` says. */
export interface SmtpTestServer {
  port: number
  /** `smtp://user:pass@127.0.0.1:port`: it requires these credentials, so their masking can be checked. */
  url: string
  password: string
  accepted: ReceivedMessage[]
  /** Every DATA seen, accepted or refused, in order. */
  attempts: string[]
  /** Change how long each 250 waits from now on, e.g. slow until every sender a test starts has joined, then fast. */
  setReplyDelay(ms: number): void
  close(): Promise<void>
}

/** How the test server treats one DATA: refuse it, or take it and drop the connection before the 250 (`drop`). */
export type Respond = (to: string, attempt: number) => Refusal | 'drop'

/**
 * Start the server on a free port; `respond(to, attemptNumberForThisAddress)` may refuse a delivery or take it and
 * close the connection without a reply; `replyDelayMs` slows each 250; `headersOnly` keeps each message's header block only.
 */
export async function startSmtpTestServer(options: {respond?: Respond; replyDelayMs?: number; headersOnly?: boolean} = {}): Promise<SmtpTestServer> {
  const accepted: ReceivedMessage[] = []
  const attempts: string[] = []
  const password = 'test-password-7c1e'
  let replyDelayMs = options.replyDelayMs ?? 0
  // By client port, so a DATA handler can cut its own connection as a crashed or partitioned server would.
  const sockets = new Map<number, Socket>()
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'newsroom' && auth.password === password) callback(null, {user: 'newsroom'})
      else callback(new Error('Invalid username or password'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]?.address ?? ''
        attempts.push(to)
        const refusal = options.respond?.(to, attempts.filter((address) => address === to).length)
        const whole = Buffer.concat(chunks)
        // Thousands of messages (the several-senders test) need only their headers kept.
        const end = options.headersOnly ? whole.indexOf('\r\n\r\n') : -1
        const raw = end < 0 ? whole : Buffer.from(whole.subarray(0, end + 4))
        if (refusal === 'drop') {
          accepted.push({to, raw})
          return sockets.get(session.remotePort)?.destroy()
        }
        if (refusal) return callback(Object.assign(new Error(refusal.text), {responseCode: refusal.code}))
        accepted.push({to, raw})
        // A slow reply widens the window in which a killed client has handed a message over but not heard back.
        setTimeout(() => callback(null, 'Queued as test'), replyDelayMs)
      })
    }
  })
  // A client killed mid-send (the crash tests) resets its connection: that is the scenario, not a failure of the server.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error
  })
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? 0
    sockets.set(port, socket)
    socket.on('close', () => sockets.delete(port))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    url: `smtp://newsroom:${password}@127.0.0.1:${port}`,
    password,
    accepted,
    attempts,
    setReplyDelay: (ms) => {
      replyDelayMs = ms
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
