import {simpleParser} from 'mailparser'
import nodemailer from 'nodemailer'
import {describe, expect, it} from 'vitest'
import {mimePartTemplate} from '../../src/email/mime-part-template.js'

const marker = 'https://pressroom.invalid/unsubscribe-marker'
const link = 'https://newsroom.example.com/unsubscribe?token=eyJz.AbC-_d=='
const transport = nodemailer.createTransport({streamTransport: true, buffer: true, newline: 'windows'})

/** What a mail client reads from a multipart/alternative message of this text and HTML, and the raw message. */
async function read(text: string | {raw: string}, html: string | {raw: string}) {
  const raw = (await transport.sendMail({from: 'a@example.com', to: 'b@example.org', text, html})).message as Buffer
  const mail = await simpleParser(raw)
  return {text: mail.text, html: mail.html, raw: raw.toString('latin1')}
}

// A small deterministic generator, so a failure names a case that can be run again.
function* cases(count: number) {
  let seed = 7
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const atoms = ['a', 'word ', ' ', '\t', '\n', '\r\n', '=', '.', '..', 'é', '—', '€', '😀', 'x'.repeat(80), ' \n', marker, marker, `"${marker}"`]
  for (let index = 0; index < count; index++) {
    yield Array.from({length: 1 + Math.floor(next() * 120)}, () => atoms[Math.floor(next() * atoms.length)]).join('')
  }
}

describe('mimePartTemplate', () => {
  it('should read as nodemailer encoding the whole text with the value in place of each marker, whatever stands at the seams', async () => {
    const contents = [marker, `${marker}${marker}`, `Unsubscribe: ${marker}\n`, `${'y'.repeat(74)}${marker}end`, `<a href="${marker}">x</a>`, ...cases(150)]
    for (const content of contents) {
      const text = mimePartTemplate('text/plain; charset=utf-8', content, marker)(link)
      const html = mimePartTemplate('text/html; charset=utf-8', `<p>${content}</p>`, marker)(link)
      const sent = await read({raw: text}, {raw: html})
      const expected = await read(content.replaceAll(marker, link), `<p>${content}</p>`.replaceAll(marker, link))
      expect(sent.text, JSON.stringify(content)).toBe(expected.text)
      expect(sent.html, JSON.stringify(content)).toBe(expected.html)
      for (const line of sent.raw.split('\r\n')) expect(line.length, JSON.stringify(content)).toBeLessThanOrEqual(76)
      expect(sent.raw, JSON.stringify(content)).not.toMatch(/[ \t]\r\n/)
    }
  })

  it('should put one message’s values at the seams of each of several markers', async () => {
    const manageMarker = 'https://pressroom.invalid/manage-marker'
    const manage = 'https://newsroom.example.com/preferences?token=x.y'
    for (const content of [`${manageMarker} or ${marker}`, `${marker}${manageMarker}${marker}\n`, ...[...cases(40)].map((text) => text.replace(marker, manageMarker))]) {
      const text = mimePartTemplate('text/plain; charset=utf-8', content, [marker, manageMarker])(link, manage)
      const sent = await read({raw: text}, '<p>x</p>')
      expect(sent.text, JSON.stringify(content)).toBe((await read(content.replaceAll(marker, link).replaceAll(manageMarker, manage), '<p>x</p>')).text)
    }
  })

  it('should send mostly non-Latin text as base64, as nodemailer would, and read the same', async () => {
    const content = `${'新闻稿：常州电池工厂今日开业，首年雇用四百人。'.repeat(3)}\n`.repeat(20) + `退订：${marker}\n`
    const part = mimePartTemplate('text/plain; charset=utf-8', content, marker)(link)
    expect(part.split('\r\n\r\n')[0]).toBe('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64')
    const sent = await read({raw: part}, {raw: mimePartTemplate('text/html; charset=utf-8', '<p>x</p>', marker)(link)})
    expect(sent.text).toBe((await read(content.replaceAll(marker, link), '<p>x</p>')).text)
    for (const line of sent.raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76)
  })

  it('should give each part its own headers and keep it 7-bit', () => {
    const part = mimePartTemplate('text/html; charset=utf-8', `<p>Grüße</p><a href="${marker}">unsubscribe</a>`, marker)('https://x.example/u?t=1')
    expect(part.split('\r\n\r\n')[0]).toBe('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable')
    expect(part).toMatch(/^[\x20-\x7e\r\n]*$/)
  })
})
