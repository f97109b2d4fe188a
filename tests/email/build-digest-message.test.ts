import {generateKeyPairSync} from 'node:crypto'
import {mkdtemp, readdir, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {buildDigestMessage, unsubscribeUrl} from '../../src/email/build-digest-message.js'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {dkimSettings} from '../../src/email/dkim-settings.js'
import {composeRawMessage} from '../../src/email/mail-transport.js'
import {writeEmailPreview} from '../../src/email/write-email-preview.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'
import {testSecret} from './digest-run.js'

const content = {subject: 'Example Newsroom: 1 new release, Sept. 15, 2025', html: '<p>Hi</p>', text: 'Hi'}

function message(name: string, subject = content.subject) {
  return buildDigestMessage({
    config: testConfig(),
    content: {...content, subject},
    to: {name, address: 'ana@example.org'},
    messageId: copyMessageId({kind: 'digest', digestId: 3, subscriberId: 9}, 'newsroom.example.com', testSecret),
    token: 'abc.def'
  })
}

describe('buildDigestMessage', () => {
  it('should refuse a subscriber name or subject that carries CR, LF or another control character', () => {
    expect(() => message('Ana\r\nBcc: victim@example.org')).toThrow(expect.objectContaining({code: 'DIGEST_INVALID'}))
    expect(() => message('Ana', 'News\nBcc: victim@example.org')).toThrow(/U\+000A in the subject/)
    expect(() => message('Ana\u0085')).toThrow(/U\+0085/)
  })

  it('should name the newsroom in the From display name, keeping a configured one as it is', async () => {
    const from = async (config: ReturnType<typeof testConfig>) =>
      (await simpleParser(await composeRawMessage(buildDigestMessage({config, content, to: {name: 'Ana', address: 'ana@example.org'}, messageId: '<a@b.example>', token: 't'})))).from?.value
    expect(await from(testConfig({title: 'Harbour "Grid" Newsroom', email: {from: 'news@newsroom.example.com'}}))).toEqual([{name: 'Harbour "Grid" Newsroom', address: 'news@newsroom.example.com'}])
    expect(await from(testConfig({email: {from: 'Press Office <press@newsroom.example.com>'}}))).toEqual([{name: 'Press Office', address: 'press@newsroom.example.com'}])
  })

  it('should put the unsubscribe link on the subscribe server origin, or the site when there is none', () => {
    expect(unsubscribeUrl(testConfig(), 'a.b')).toBe('https://newsroom.example.com/unsubscribe?token=a.b')
    expect(unsubscribeUrl(testConfig({subscribeUrl: 'https://lists.example.com/join/'}), 'a.b')).toBe('https://lists.example.com/unsubscribe?token=a.b')
  })

  it('should sign with DKIM from the environment, covering List-Unsubscribe and List-Unsubscribe-Post', async () => {
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 1024})
    const dkim = dkimSettings({DKIM_DOMAIN: 'newsroom.example.com', DKIM_SELECTOR: 'pr1', DKIM_PRIVATE_KEY: privateKey.export({type: 'pkcs8', format: 'pem'}).toString()})
    // Composed by nodemailer, and sent raw with parts encoded once, as digests are.
    const parts = {text: 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi', html: 'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Hi</p>'}
    for (const raw of [await composeRawMessage(message('Ana'), dkim), await composeRawMessage({...message('Ana'), parts}, dkim)]) {
      const mail = await simpleParser(raw)
      const signature = mail.headerLines.find((header) => header.key === 'dkim-signature')?.line.replace(/\r?\n\s+/g, '') ?? ''
      expect(signature).toMatch(/d=newsroom\.example\.com;/)
      expect(signature).toMatch(/h=[^;]*List-Unsubscribe:[^;]*List-Unsubscribe-Post/i)
      expect(mail.text).toBe('Hi')
    }
    expect(() => dkimSettings({DKIM_DOMAIN: 'x.example'})).toThrow(expect.objectContaining({code: 'DKIM_INVALID'}))
    expect(() => dkimSettings({DKIM_DOMAIN: 'x', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY: 'not a key'})).toThrow(/Could not read the DKIM private key/)
  })
})

describe('writeEmailPreview', () => {
  it('should write preview.html and one .eml without SMTP_URL or PRESSROOM_SECRET, byte-identical on a rebuild', async () => {
    const releases = [makeRelease(), makeRelease({fileDate: '2025-09-14', slug: 'port-budget'})]
    const outputs: string[][] = []
    for (let build = 0; build < 2; build++) {
      const dir = await mkdtemp(join(tmpdir(), 'pressroom-preview-'))
      await writeEmailPreview({config: testConfig({email: undefined}), releases}, dir)
      expect((await readdir(dir)).sort()).toEqual(['preview.eml', 'preview.html'])
      outputs.push(await Promise.all(['preview.eml', 'preview.html'].map((file) => readFile(join(dir, file), 'utf8'))))
    }
    expect(outputs[1]).toEqual(outputs[0])
    const mail = await simpleParser(outputs[0]?.[0] ?? '')
    expect(mail.subject).toBe('Harbour grid pilot connects 40 ferries to shore power, and 1 more')
    expect(mail.headerLines.filter((header) => header.key === 'list-unsubscribe')).toHaveLength(1)
    expect(mail.text).toContain('preview-token-not-valid')
  })
})
