import {connect} from 'node:net'
import nodemailer from 'nodemailer'
import {afterEach, describe, expect, it} from 'vitest'
import {startLeanSmtpSink} from '../../bench/lean-smtp-sink.js'
import type {SmtpSink} from '../../bench/smtp-sink.js'

let sink: SmtpSink | undefined
afterEach(async () => sink?.close())

/** Write `chunks` to the sink one by one (each its own TCP write), then read until it closes or 2 s pass. */
async function converse(port: number, chunks: string[]): Promise<string> {
  const socket = connect(port, '127.0.0.1')
  let heard = ''
  socket.on('data', (chunk: Buffer) => (heard += chunk.toString('latin1')))
  // Listened for at once: the sink may close before the last write's pause is over.
  const closed = new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000)
    socket.once('close', () => resolve(clearTimeout(timer)))
  })
  await new Promise((resolve) => socket.once('connect', resolve))
  for (const chunk of chunks) {
    socket.write(chunk)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await closed
  socket.destroy()
  return heard
}

describe('lean SMTP sink', () => {
  it('should take nodemailer messages over a pool and keep the first byte for byte, dots unstuffed', async () => {
    sink = await startLeanSmtpSink()
    const mail = {
      from: 'Newsroom <news@example.com>',
      to: 'Reader <reader@example.org>',
      subject: 'Dots',
      text: '.a line that starts with a dot\r\n..two dots\r\n.\r\nend',
      messageId: '<one@example.com>',
      date: new Date('2026-01-01T00:00:00Z'),
      baseBoundary: 'fixed'
    }
    const expected = (await nodemailer.createTransport({streamTransport: true, buffer: true, newline: 'windows'}).sendMail(mail)).message as Buffer
    const pool = nodemailer.createTransport({pool: true, host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true, maxConnections: 3})
    await Promise.all(Array.from({length: 20}, () => pool.sendMail(mail)))
    pool.close()
    expect(sink.arrivals).toHaveLength(20)
    expect(sink.first?.toString('latin1')).toBe(expected.toString('latin1').replace(/(\r\n)?$/, '\r\n'))
  })

  it('should answer pipelined commands in order and find a terminator split across writes', async () => {
    sink = await startLeanSmtpSink()
    const heard = await converse(sink.port, [
      'EHLO client\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n',
      'Subject: split\r\n\r\nbody\r',
      '\n.',
      '\r\nRSET\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n.\r\nQUIT\r\n'
    ])
    expect(heard.split('\r\n').map((line) => line.slice(0, 4))).toEqual(['220 ', '250-', '250-', '250-', '250 ', '250 ', '250 ', '354 ', '250 ', '250 ', '250 ', '250 ', '354 ', '250 ', '221 ', ''])
    expect(sink.arrivals).toHaveLength(2)
    expect(sink.first?.toString('latin1')).toBe('Subject: split\r\n\r\nbody\r\n')
  })

  it('should refuse commands out of order and close on a line longer than it allows', async () => {
    sink = await startLeanSmtpSink()
    const heard = await converse(sink.port, ['HELO client\r\nRCPT TO:<b@example.org>\r\nDATA\r\nVRFY x\r\n', 'x'.repeat(5000)])
    expect(heard.split('\r\n').map((line) => line.slice(0, 4))).toEqual(['220 ', '250 ', '503 ', '503 ', '502 ', '500 ', ''])
    expect(sink.arrivals).toHaveLength(0)
  })
})
