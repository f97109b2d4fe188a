import {SMTPServer} from 'smtp-server'

/** A loopback SMTP server that accepts and discards every message, noting when each one finished arriving. */
export interface SmtpSink {
  port: number
  /** Arrival times (performance.now()) of the messages since the last reset. */
  arrivals: number[]
  /** The first message received since the last reset, kept whole so a baseline can send one like it. */
  first?: Buffer
  reset(): void
  close(): Promise<void>
}

/** A sink's record of arrivals, made before its server listens; `close` stops that server. */
export function newSinkRecord(close: () => Promise<void>): SmtpSink {
  const sink: SmtpSink = {
    port: 0,
    arrivals: [],
    reset() {
      sink.arrivals = []
      delete sink.first
    },
    close
  }
  return sink
}

/** Start an smtp-server sink on 127.0.0.1 (a free port), kept to compare with the lean one; close it when done. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = newSinkRecord(() => new Promise((resolve) => server.close(() => resolve())))
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 0,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      const keep = sink.first === undefined
      stream.on('data', (chunk: Buffer) => {
        if (keep) chunks.push(chunk)
      })
      stream.on('end', () => {
        if (keep && sink.first === undefined) sink.first = Buffer.concat(chunks)
        sink.arrivals.push(performance.now())
        callback()
      })
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.server.address()
  sink.port = typeof address === 'object' && address ? address.port : 0
  return sink
}

/** Messages per second between the first and the last arrival. */
export function arrivalRate(arrivals: readonly number[]): number {
  const first = arrivals[0]
  const last = arrivals[arrivals.length - 1]
  if (first === undefined || last === undefined || last === first) return 0
  return ((arrivals.length - 1) * 1000) / (last - first)
}
