import {createServer, type Server, type Socket} from 'node:net'
import {newSinkRecord, type SmtpSink} from './smtp-sink.js'

// smtp-server parses every line and streams every message through a Transform on one thread: at about 700 msg/s it
// was the ceiling of both clients, so the ratio said nothing about pressroom. This one speaks just enough SMTP for
// nodemailer (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; pipelining) and scans DATA with Buffer.indexOf only.

const maxLineBytes = 4096
const maxMessageBytes = 64 * 1024 * 1024
const maxRecipients = 100
const maxConnections = 64
const idleMs = 60_000
const terminator = Buffer.from('\r\n.\r\n')
const crlf: Buffer = Buffer.from('\r\n')
const empty: Buffer = Buffer.alloc(0)

/** Start a discarding SMTP server on 127.0.0.1 (a free port) built on node:net; close it when done. */
export async function startLeanSmtpSink(): Promise<SmtpSink> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  const sink = newSinkRecord(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        if (server) server.close(() => resolve())
        else resolve()
      })
  )
  server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    serveConnection(socket, sink)
  })
  server.maxConnections = maxConnections
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  sink.port = typeof address === 'object' && address ? address.port : 0
  return sink
}

function serveConnection(socket: Socket, sink: SmtpSink): void {
  socket.setNoDelay(true)
  socket.setTimeout(idleMs, () => socket.destroy())
  socket.on('error', () => socket.destroy())
  let pending: Buffer = empty
  let inData = false
  let sender = false
  let recipients = 0
  // The last bytes of DATA seen so far, so a terminator split across chunks is found. It starts as the CRLF that
  // ended the DATA line, which makes an empty message (".\r\n" at once) the same case as any other.
  let tail: Buffer = crlf
  let dataBytes = 0
  let capture: Buffer[] | undefined
  let closed = false

  const reply = (text: string) => void socket.write(text + '\r\n')
  const resetTransaction = () => {
    sender = false
    recipients = 0
  }

  const command = (line: string) => {
    const verb = line.slice(0, 4).toUpperCase()
    const argument = line.slice(4)
    if (verb === 'EHLO') {
      resetTransaction()
      return reply('250-127.0.0.1 lean sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8')
    }
    if (verb === 'HELO') return resetTransaction(), reply('250 127.0.0.1 lean sink')
    if (verb === 'MAIL') {
      if (!/^ FROM:/i.test(argument)) return reply('501 Syntax: MAIL FROM:<address>')
      if (sender) return reply('503 Nested MAIL command')
      sender = true
      return reply('250 Accepted')
    }
    if (verb === 'RCPT') {
      if (!/^ TO:/i.test(argument)) return reply('501 Syntax: RCPT TO:<address>')
      if (!sender) return reply('503 Need MAIL command')
      if (recipients >= maxRecipients) return reply('452 Too many recipients')
      recipients++
      return reply('250 Accepted')
    }
    if (verb === 'DATA') {
      if (recipients === 0) return reply('503 Need RCPT command')
      inData = true
      tail = crlf
      dataBytes = 0
      capture = sink.first === undefined ? [] : undefined
      return reply('354 End data with <CR><LF>.<CR><LF>')
    }
    if (verb === 'RSET') return resetTransaction(), reply('250 Flushed')
    if (verb === 'NOOP') return reply('250 OK')
    if (verb === 'QUIT') {
      closed = true
      socket.end('221 Bye\r\n')
      return
    }
    reply('502 Command not implemented')
  }

  // Takes DATA bytes; returns what follows the terminator (pipelined commands), or undefined if the message goes on.
  const data = (chunk: Buffer): Buffer | undefined => {
    const seam = Buffer.concat([tail, chunk.subarray(0, terminator.length - 1)])
    const atSeam = seam.indexOf(terminator)
    const inChunk = atSeam === -1 ? chunk.indexOf(terminator) : -1
    const end = atSeam !== -1 ? atSeam + terminator.length - tail.length : inChunk !== -1 ? inChunk + terminator.length : -1
    const part = end === -1 ? chunk : chunk.subarray(0, end)
    dataBytes += part.length
    if (capture && dataBytes <= maxMessageBytes) capture.push(part)
    if (end === -1) {
      tail = Buffer.concat([tail, chunk]).subarray(-(terminator.length - 1))
      return undefined
    }
    inData = false
    resetTransaction()
    if (dataBytes > maxMessageBytes) reply('552 Message too big')
    else {
      sink.arrivals.push(performance.now())
      if (capture && sink.first === undefined) sink.first = unstuff(Buffer.concat(capture))
      reply(`250 Queued as ${sink.arrivals.length}`)
    }
    capture = undefined
    return chunk.subarray(end)
  }

  socket.on('data', (chunk: Buffer) => {
    let input: Buffer | undefined = chunk
    // Each pass consumes the whole input, or the DATA part of it and then the commands after it: the loop ends.
    while (input && input.length > 0 && !closed) {
      if (inData) {
        input = data(input)
        continue
      }
      pending = pending.length > 0 ? Buffer.concat([pending, input]) : input
      input = undefined
      let lineEnd: number
      while (!inData && !closed && (lineEnd = pending.indexOf(crlf)) !== -1) {
        command(pending.subarray(0, lineEnd).toString('latin1'))
        pending = pending.subarray(lineEnd + 2)
      }
      if (inData) {
        input = pending
        pending = empty
      } else if (pending.length > maxLineBytes) {
        closed = true
        socket.end('500 Line too long\r\n')
      }
    }
  })
  socket.write('220 127.0.0.1 lean sink ESMTP\r\n')
}

/** The message as sent: DATA without its final ".\r\n" and with leading dots unstuffed. */
function unstuff(raw: Buffer): Buffer {
  const body = raw.subarray(0, raw.length - 3).toString('latin1')
  return Buffer.from(body.replace(/^\./, '').replaceAll('\r\n..', '\r\n.'), 'latin1')
}
