import {simpleParser} from 'mailparser'
import MailComposer from 'nodemailer/lib/mail-composer'
import {describe, expect, it} from 'vitest'
import {buildDigestMessage} from '../../src/email/build-digest-message.js'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {composeRawMessage} from '../../src/email/mail-transport.js'
import {mimePartTemplate} from '../../src/email/mime-part-template.js'
import {rawDigestMessage} from '../../src/email/raw-digest-message.js'
import {testConfig} from '../support/test-config.js'
import {testSecret} from './digest-run.js'

const text = 'Example Newsroom\n\n1. Ferry charging — Grüße [1]\n.leading dot\n\n[1] https://newsroom.example.com/releases/x/\n'
const html = '<!doctype html><html><body><p>Grüße — <a href="https://newsroom.example.com/unsubscribe?token=a.b">unsubscribe</a></p></body></html>'
const unused = 'https://pressroom.invalid/not-in-the-text'

function message(config: ReturnType<typeof testConfig>, to: {name: string; address: string}, withParts: boolean) {
  const parts = {text: mimePartTemplate('text/plain; charset=utf-8', text, unused)(''), html: mimePartTemplate('text/html; charset=utf-8', html, unused)('')}
  return {
    ...buildDigestMessage({config, content: {subject: `${config.title}: 2 new releases, Sept. 15, 2025`, text, html, ...(withParts ? {parts} : {})}, to, messageId: copyMessageId({kind: 'digest', digestId: 4, subscriberId: 2}, 'newsroom.example.com', testSecret), token: 'eyJzIjoyfQ.c2ln'}),
    date: new Date('2025-09-16T12:00:00Z'),
    baseBoundary: 'fixed'
  }
}

const cases = [
  {config: testConfig(), to: {name: 'Ana', address: 'ana@example.org'}},
  {config: testConfig(), to: {name: 'Doe, Jane "JD" \\ Jr.', address: 'jane.doe@example.org'}},
  {config: testConfig({title: 'Nyhetsrom för Ålandsbanken — pressmeddelanden och nyheter från hela koncernen'}), to: {name: 'Zoë Ünal-Øster', address: 'zoe@bücher.example'}},
  {config: testConfig({email: {from: '"Acme, Inc." <news@acme.example>', replyTo: 'Presse <presse@acme.example>', listId: 'news.acme.example'}}), to: {name: '', address: 'x@example.org'}}
]

describe('rawDigestMessage', () => {
  it('should give the same header lines, parts and envelope as nodemailer composing the message itself', async () => {
    for (const {config, to} of cases) {
      const composed = await simpleParser(await composeRawMessage(message(config, to, false)))
      const raw = await simpleParser(await composeRawMessage(message(config, to, true)))
      const lines = (mail: typeof raw) => mail.headerLines.map((header) => header.line.replace(/boundary="[^"]*"/, 'boundary=B'))
      expect(lines(raw), to.name).toEqual(lines(composed))
      expect(raw.text, to.name).toBe(composed.text)
      expect(raw.html, to.name).toBe(composed.html)
      const sent = message(config, to, true)
      const envelope = new MailComposer({from: sent.from, to: sent.to}).compile().getEnvelope()
      expect(rawDigestMessage(sent, sent.parts as {text: string; html: string}).envelope, to.name).toEqual(envelope)
    }
  })

  it('should give each recipient their own headers and envelope when the messages of one digest follow each other', async () => {
    // Recipients of the same digest in a row, then of another digest, then of the first again; and one without a date.
    const [first, second] = cases as [(typeof cases)[number], (typeof cases)[number]]
    const sequence = [...cases, ...cases, first, first, second, second].map((entry, index) => ({...entry, to: {name: `${entry.to.name} ${index}`, address: `r${index}.${entry.to.address}`}}))
    for (const {config, to} of sequence) {
      const composed = await simpleParser(await composeRawMessage(message(config, to, false)))
      const sent = message(config, to, true)
      const built = rawDigestMessage(sent, sent.parts as {text: string; html: string})
      const raw = await simpleParser(built.raw)
      const lines = (mail: typeof raw) => mail.headerLines.map((header) => header.line.replace(/boundary="[^"]*"/, 'boundary=B'))
      expect(lines(raw), to.address).toEqual(lines(composed))
      expect(built.envelope, to.address).toEqual(new MailComposer({from: sent.from, to: sent.to}).compile().getEnvelope())
    }
    const {date: _date, ...undated} = message(first.config, {name: 'Ann', address: 'ann@example.org'}, true)
    for (const address of ['ann@example.org', 'bob@example.org']) {
      const raw = await simpleParser(rawDigestMessage({...undated, to: {name: '', address}}, undated.parts as {text: string; html: string}).raw)
      expect(raw.to && 'text' in raw.to ? raw.to.text : undefined).toBe(address)
      expect(Math.abs((raw.date?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000)
      expect(raw.headerLines.map((header) => header.key).slice(-4)).toEqual(['list-unsubscribe', 'date', 'mime-version', 'content-type'])
    }
  })
})
