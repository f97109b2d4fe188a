import {readFileSync} from 'node:fs'
import nodemailer from 'nodemailer'

// The baseline: bare nodemailer, a pool of 5 connections, sending `count` messages of a digest's size to the sink.
// Run as its own process (like `pressroom digest`), as the sink is: no two of them share a thread.
const [port, count, htmlFile, textFile] = process.argv.slice(2)
const html = readFileSync(htmlFile as string, 'utf8')
const text = readFileSync(textFile as string, 'utf8')
const transport = nodemailer.createTransport({pool: true, host: '127.0.0.1', port: Number(port), secure: false, ignoreTLS: true, maxConnections: 5})
const total = Number(count)
let next = 0
const lane = async () => {
  while (next < total) {
    const index = next++
    await transport.sendMail({
      from: 'Bench Newsroom <newsroom@bench.example>',
      to: `Subscriber ${index} <sub${index}@bench.example>`,
      subject: 'Bench Newsroom: 12 new releases',
      html,
      text,
      headers: {'List-Unsubscribe': `<https://newsroom.bench.example/unsubscribe?token=${index}>`}
    })
  }
}
await Promise.all(Array.from({length: 5}, lane))
transport.close()
