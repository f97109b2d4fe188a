import MailComposer from 'nodemailer/lib/mail-composer'
import {describe, expect, it} from 'vitest'
import {encodeQuotedPrintable, wrapQuotedPrintable} from '../../src/email/encode-quoted-printable.js'

/** The body nodemailer writes for `content` sent as one quoted-printable text part, through its documented MailComposer. */
async function nodemailerBody(content: string): Promise<string> {
  const message = await new MailComposer({alternatives: [{contentType: 'text/plain; charset=utf-8', content, contentTransferEncoding: 'quoted-printable'}], newline: 'windows'}).compile().build()
  const text = message.toString('latin1')
  return text.slice(text.indexOf('\r\n\r\n') + 4)
}

// A small deterministic generator, so a failure names a case that can be run again.
function* cases(count: number) {
  let seed = 11
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const atoms = ['a', 'word ', ' ', '\t', '\r\n', '=', '.', ',', '!', '?', 'é', 'ü', '—', '€', '😀', '新闻', 'x'.repeat(80), 'y'.repeat(74), ' \r\n', '\t\r\n', '=3D', '\x01', '\x7f', 'https://x.example/u?t=a.b']
  for (let index = 0; index < count; index++) {
    yield Array.from({length: 1 + Math.floor(next() * 160)}, () => atoms[Math.floor(next() * atoms.length)]).join('')
  }
}

describe('encodeQuotedPrintable', () => {
  it('should encode and wrap a text part byte for byte as nodemailer does', async () => {
    const contents = ['plain', 'trailing space ', `${'é'.repeat(40)}`, `${'a'.repeat(75)}é${'b'.repeat(75)}`, ...cases(300)]
    // Whitespace at the very end nodemailer's stream encodes apart from the rest, and so may wrap it otherwise.
    for (const content of contents.map((text) => text.replace(/[ \t]+$/, ''))) {
      const encoded = wrapQuotedPrintable(encodeQuotedPrintable(content))
      // nodemailer ends a message with a line break when its last part does not.
      expect(encoded.endsWith('\n') ? encoded : `${encoded}\r\n`, JSON.stringify(content)).toBe(await nodemailerBody(content))
    }
  })

  it('should keep every line within the limit and end none with whitespace', () => {
    for (const content of cases(300)) {
      for (const lineLength of [75, 76]) {
        const lines = wrapQuotedPrintable(encodeQuotedPrintable(content), lineLength).split('\r\n')
        for (const line of lines) expect(line.length, JSON.stringify(content)).toBeLessThanOrEqual(lineLength)
        for (const line of lines) expect(line, JSON.stringify(content)).not.toMatch(/[ \t]$/)
      }
    }
  })
})
