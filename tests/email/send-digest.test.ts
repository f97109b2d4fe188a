import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {verifyToken} from '../../src/email/sign-token.js'
import {digestStatus, listSends} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber, findSubscriber, removeSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type Respond, type SmtpTestServer} from '../support/smtp-test-server.js'
import {runDigest, testSecret} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const now = '2025-09-16T12:00:00Z'
const releases = [
  {date: '2025-09-15', slug: 'ferry-charging', tags: ['energy'], image: true},
  {date: '2025-09-14', slug: 'port-budget', tags: ['finance']},
  {date: '2025-09-13', slug: 'secret-plan', draft: true},
  {date: '2025-09-12', slug: 'tomorrow', embargo: '2025-09-20T00:00:00Z'}
]

async function newsroomWith(emails: Array<{email: string; name?: string; tags?: string[]}>, respond?: Respond) {
  const newsroom = await makeDigestNewsroom(releases, {
    email: {from: 'Example Newsroom <newsroom@newsroom.example.com>', replyTo: 'press@newsroom.example.com'},
    subscribeUrl: 'https://subscribe.newsroom.example.com/join'
  })
  const store = await openStore(newsroom.config.database)
  for (const subscriber of emails) await addSubscriber(store.db, subscriber)
  await store.close()
  server = await startSmtpTestServer({respond})
  return {...newsroom, smtp: server}
}

describe('pressroom digest', () => {
  it('should send N subscribers exactly N messages with both parts, every list header and a working unsubscribe token', async () => {
    const emails = Array.from({length: 6}, (_, index) => ({email: `reader${index}@example.org`, name: `Reader ${index}`}))
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails)
    const run = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(run.error).toBeUndefined()
    expect(smtp.accepted.map((message) => message.to).sort()).toEqual(emails.map((e) => e.email).sort())
    expect(run.output).toContain('pressroom: digest 1: sent 6, failed 0, skipped 0')
    expect(run.output).not.toContain(smtp.password)
    expect(run.output).toContain(`smtp://newsroom:****@127.0.0.1:${smtp.port}`)
    const store = await openStore(config.database)
    for (const received of smtp.accepted) {
      const mail = await simpleParser(received.raw)
      const subscriber = await findSubscriber(store.db, received.to)
      expect(mail.subject).toBe('Harbour news for ferry-charging, and 1 more')
      expect(mail.text).toContain('[1] https://newsroom.example.com/releases/2025-09-15-ferry-charging/')
      expect(mail.html).toContain('alt="A ferry at the quay"')
      expect(mail.html).not.toContain('secret-plan')
      expect(mail.text).not.toContain('tomorrow')
      expect(mail.from?.value).toEqual([{name: 'Example Newsroom', address: 'newsroom@newsroom.example.com'}])
      expect(mail.to && 'value' in mail.to ? mail.to.value : []).toEqual([{name: subscriber?.name, address: received.to}])
      expect(mail.replyTo?.text).toBe('press@newsroom.example.com')
      expect(mail.messageId).toBe(copyMessageId({kind: 'digest', digestId: 1, subscriberId: subscriber!.id}, 'newsroom.example.com', testSecret))
      const lines = mail.headerLines.map((header) => header.line.replace(/\r?\n\s+/g, ' '))
      const unsubscribe = lines.filter((line) => /^list-unsubscribe:/i.test(line))
      expect(unsubscribe).toHaveLength(1)
      const [, https, mailto] = /^List-Unsubscribe: <(https:[^>]+)>, <(mailto:[^>]+)>$/.exec(unsubscribe[0] ?? '') ?? []
      expect(https).toMatch(/^https:\/\/subscribe\.newsroom\.example\.com\/unsubscribe\?token=/)
      expect(mailto).toMatch(/^mailto:press@newsroom\.example\.com\?subject=unsubscribe&body=/)
      expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
      expect(lines).toContain('List-ID: "Example Newsroom" <digest.newsroom.example.com>')
      expect(String(mail.headers.get('content-type') && (mail.headers.get('content-type') as {value: string}).value)).toBe('multipart/alternative')
      const token = decodeURIComponent(new URL(https ?? '').searchParams.get('token') ?? '')
      expect(verifyToken(token, testSecret)).toEqual({subscriberId: subscriber?.id, list: 'digest.newsroom.example.com', action: 'unsubscribe'})
      expect(mail.html).toContain(https?.replace(/&/g, '&amp;'))
    }
    expect((await digestStatus(store.db))?.digest.status).toBe('done')
    await store.close()
    const again = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(again.output).toBe('pressroom: no new releases since 2025-09-16T12:00:00.000Z; no digest sent')
    expect(smtp.accepted).toHaveLength(6)
  })

  it('should give tagged subscribers only matching releases and skip suppressed and unmatched ones', async () => {
    const {config, releasesDir, dir, smtp} = await newsroomWith([
      {email: 'all@example.org'},
      {email: 'money@example.org', tags: ['finance']},
      {email: 'sport@example.org', tags: ['sports']},
      {email: 'gone@example.org'}
    ])
    const store = await openStore(config.database)
    await removeSubscriber(store.db, 'gone@example.org')
    await store.close()
    const run = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(run.output).toContain('sent 2, failed 0, skipped 2')
    const byTo = Object.fromEntries(await Promise.all(smtp.accepted.map(async (m) => [m.to, await simpleParser(m.raw)] as const)))
    expect(Object.keys(byTo).sort()).toEqual(['all@example.org', 'money@example.org'])
    expect(byTo['money@example.org']?.subject).toBe('Harbour news for port-budget')
    expect(byTo['money@example.org']?.text).not.toContain('ferry-charging')
    expect(byTo['all@example.org']?.text).toContain('ferry-charging')
  })

  it('should retry a 451 reply and record a 550 reply as failed while the others still arrive', async () => {
    const emails = ['a@example.org', 'busy@example.org', 'nobody@example.org', 'd@example.org'].map((email) => ({email}))
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, (to, attempt) => {
      if (to === 'busy@example.org' && attempt === 1) return {code: 451, text: 'Greylisted, try again later'}
      if (to === 'nobody@example.org') return {code: 550, text: 'No such mailbox'}
      return undefined
    })
    const run = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(run.error).toBeUndefined()
    expect(smtp.attempts.filter((to) => to === 'busy@example.org')).toHaveLength(2)
    expect(smtp.attempts.filter((to) => to === 'nobody@example.org')).toHaveLength(1)
    expect(smtp.accepted.map((m) => m.to).sort()).toEqual(['a@example.org', 'busy@example.org', 'd@example.org'])
    expect(run.output).toMatch(/busy@example\.org: 451 Greylisted, try again later; retrying in 5 ms/)
    expect(run.output).toContain('sent 3, failed 1, skipped 0')
    expect(run.output).toContain('  failed: nobody@example.org: 550 No such mailbox')
  })

  it('should refuse to send and mark nothing sent when the server is down', async () => {
    const {config, releasesDir, dir, smtp} = await newsroomWith([{email: 'a@example.org'}])
    const url = smtp.url
    await smtp.close()
    server = undefined
    const run = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: url})
    expect(run.error).toMatchObject({code: 'SMTP_UNREACHABLE'})
    expect(String((run.error as Error).message)).not.toContain('test-password')
    const store = await openStore(config.database)
    expect((await store.db.get(`SELECT COUNT(*) AS n FROM sends WHERE state = 'sent'`))).toEqual({n: 0})
    await store.close()
  })

  it('should put the recipient back and stop when the server closes the channel, then resume without duplicates', async () => {
    let closing = true
    const emails = ['a@example.org', 'b@example.org', 'c@example.org'].map((email) => ({email}))
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, (to) => (closing && to === 'b@example.org' ? {code: 421, text: 'Service shutting down'} : undefined))
    const first = await runDigest(config, {releasesDir, now, cwd: dir, connections: 1}, {SMTP_URL: smtp.url})
    expect(first.error).toMatchObject({code: 'SMTP_UNREACHABLE'})
    let store = await openStore(config.database)
    expect((await listSends(store.db, 1, 'sent')).map((send) => send.email)).toEqual(['a@example.org'])
    expect(await listSends(store.db, 1, 'failed')).toEqual([])
    await store.close()
    closing = false
    const second = await runDigest(config, {releasesDir, now: '2030-01-01T00:00:00Z', cwd: dir}, {SMTP_URL: smtp.url})
    expect(second.output).toContain('resuming digest 1')
    expect(smtp.accepted.map((m) => m.to)).toEqual(['a@example.org', 'b@example.org', 'c@example.org'])
    store = await openStore(config.database)
    expect((await digestStatus(store.db))?.counts).toMatchObject({sent: 3, pending: 0, sending: 0})
    await store.close()
  })

  it('should stop on request after the handoffs in flight, and skip on resume whoever unsubscribed meanwhile', async () => {
    const stop = new AbortController()
    const emails = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'].map((email) => ({email}))
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, (to) => {
      if (to === 'b@example.org') stop.abort()
      return undefined
    })
    const run = await runDigest(config, {releasesDir, now, cwd: dir, connections: 1}, {SMTP_URL: smtp.url}, stop.signal)
    expect(run.code).toBe(130)
    expect(run.output).toContain('pressroom: stopped on request; digest 1: sent 2 so far')
    expect(smtp.accepted.map((m) => m.to)).toEqual(['a@example.org', 'b@example.org'])
    // Leaving the list between the runs is honoured even though the recipient list was frozen with d in it.
    const store = await openStore(config.database)
    await removeSubscriber(store.db, 'd@example.org')
    await store.close()
    const second = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(second.code).toBe(0)
    expect(second.output).not.toContain('in flight at the crash')
    expect(second.output).toContain('pressroom: digest 1: sent 3, failed 0, skipped 1')
    expect(smtp.accepted.map((m) => m.to).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org'])
  })

  it('should send nothing and say so when no release is new', async () => {
    const {config, releasesDir, dir, smtp} = await newsroomWith([{email: 'a@example.org'}])
    const run = await runDigest(config, {releasesDir, now, since: '2025-09-15T12:00:00Z', cwd: dir}, {SMTP_URL: smtp.url})
    expect(run.output).toBe('pressroom: no new releases since 2025-09-15T12:00:00.000Z; no digest sent')
    expect(smtp.attempts).toEqual([])
    const store = await openStore(config.database)
    expect(await digestStatus(store.db)).toBeUndefined()
    await store.close()
  })

  it('should send a release title that tries to inject a header as text, its line break made a space by the release model', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'evil', title: 'Ferries\r\nBcc: victim@example.org'}])
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: 'a@example.org'})
    await store.close()
    server = await startSmtpTestServer()
    const run = await runDigest(newsroom.config, {releasesDir: newsroom.releasesDir, now, cwd: newsroom.dir}, {SMTP_URL: server.url})
    expect(run.error).toBeUndefined()
    expect(server.attempts).toEqual(['a@example.org'])
    const mail = await simpleParser((server.accepted[0] as {raw: Buffer}).raw)
    expect(mail.headers.has('bcc')).toBe(false)
    expect(mail.text).toMatch(/Ferries\s+Bcc: victim@example\.org/)
  })

  it('should require PRESSROOM_SECRET and SMTP_URL for a real send, naming them', async () => {
    const {config, releasesDir, dir} = await newsroomWith([{email: 'a@example.org'}])
    expect((await runDigest(config, {releasesDir, now, cwd: dir}, {PRESSROOM_SECRET: undefined, SMTP_URL: 'smtp://127.0.0.1:1'})).error).toMatchObject({code: 'SECRET_MISSING'})
    expect((await runDigest(config, {releasesDir, now, cwd: dir}, {})).error).toMatchObject({code: 'SMTP_URL_MISSING'})
    expect((await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: 'http://x'})).error).toMatchObject({code: 'SMTP_URL_INVALID'})
  })
})

describe('pressroom digest --dry-run and --status', () => {
  it('should write one .eml per recipient without a server or the store changing, and report the last digest', async () => {
    const {config, releasesDir, dir} = await makeDigestNewsroom(releases)
    const store = await openStore(config.database)
    await addSubscriber(store.db, {email: 'a@example.org', name: 'Ana'})
    await addSubscriber(store.db, {email: 'b@example.org', tags: ['sports']})
    await store.close()
    const run = await runDigest(config, {releasesDir, now, dryRun: true, out: 'mail', cwd: dir}, {PRESSROOM_SECRET: undefined})
    expect(run.output).toBe(`pressroom: dry run: wrote 1 messages to ${dir}/mail (no server contacted), skipped 1`)
    const mail = await simpleParser(await readFile(join(dir, 'mail', (await readdir(join(dir, 'mail')))[0] ?? '')))
    expect(mail.to && 'value' in mail.to ? mail.to.value[0]?.address : '').toBe('a@example.org')
    const status = await runDigest(config, {releasesDir, status: true, cwd: dir}, {})
    expect(status.output).toBe('pressroom: no digest has been created yet')
  })

  it('should show counts and failures of the last digest with --status', async () => {
    const {config, releasesDir, dir, smtp} = await newsroomWith([{email: 'a@example.org'}, {email: 'nobody@example.org'}], (to) =>
      to === 'nobody@example.org' ? {code: 550, text: 'No such mailbox'} : undefined
    )
    await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    const status = await runDigest(config, {releasesDir, status: true, cwd: dir}, {})
    expect(status.lines.slice(1)).toEqual(['  sent 1, failed 1, skipped 0, pending 0, in flight 0', '  failed: nobody@example.org: 550 No such mailbox'])
    // The first digest's window: releases first published in the week before it.
    expect(status.lines[0]).toMatch(/^pressroom: digest 1 \(2 releases, 2025-09-09T12:00:00\.000Z to 2025-09-16T12:00:00\.000Z\): done at /)
  })
})
