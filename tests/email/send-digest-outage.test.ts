import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, listSends} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber, removeSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type Respond, type SmtpTestServer} from '../support/smtp-test-server.js'
import {runDigestCommand} from '../../src/email/digest-command.js'
import {readers, runDigest, testSecret} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const now = '2025-09-16T12:00:00Z'
const later = '2030-01-01T00:00:00Z'

async function newsroomWith(emails: readonly string[], respond: Respond) {
  const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
  const store = await openStore(newsroom.config.database)
  for (const email of emails) await addSubscriber(store.db, {email})
  await store.close()
  server = await startSmtpTestServer({respond})
  return {...newsroom, smtp: server}
}

async function statusOf(database: string) {
  const store = await openStore(database)
  try {
    return await digestStatus(store.db)
  } finally {
    await store.close()
  }
}

const copiesPerAddress = (smtp: SmtpTestServer) => smtp.accepted.reduce((copies, message) => copies.set(message.to, (copies.get(message.to) ?? 0) + 1), new Map<string, number>())

describe('pressroom digest when the SMTP server is in trouble', () => {
  it('should stop with everyone still pending while the server answers 554 to all, then deliver each exactly once after it recovers', async () => {
    let down = true
    const emails = readers(12)
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, () => (down ? {code: 554, text: '5.7.1 Service unavailable'} : undefined))
    const first = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(first.error).toMatchObject({code: 'SMTP_REFUSING'})
    expect((first.error as Error).message).toBe('The SMTP server refused every recipient of digest 1 (554 5.7.1 Service unavailable) for 35 ms of pauses; 0 sent, 12 still pending, none marked failed')
    expect(first.output).toContain('pressroom: the SMTP server refuses every recipient (554 5.7.1 Service unavailable); pausing 5 ms before one trial message (pause 1 of 3)')
    expect((await statusOf(config.database))?.counts).toEqual({pending: 12, sending: 0, sent: 0, failed: 0, skipped: 0})
    expect(smtp.accepted).toEqual([])

    down = false
    const second = await runDigest(config, {releasesDir, now: later, cwd: dir}, {SMTP_URL: smtp.url})
    expect(second.error).toBeUndefined()
    expect(second.output).toContain('resuming digest 1')
    expect(second.output).toContain('pressroom: digest 1: sent 12, failed 0, skipped 0')
    expect([...copiesPerAddress(smtp)].sort()).toEqual(emails.map((email) => [email, 1]))
  })

  it('should ride out a spell of 451 replies to everyone within one run, failing nobody and sending each once', async () => {
    let refused = 0
    const emails = readers(12)
    // The first seven handoffs of the run are refused, whoever they are for; the streak of five starts the pause.
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, () => (++refused <= 7 ? {code: 451, text: '4.3.2 Try again later'} : undefined))
    const run = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(run.error).toBeUndefined()
    expect(run.output).toContain('pressroom: the SMTP server refuses every recipient (451 4.3.2 Try again later); pausing 5 ms')
    expect(run.output).toContain('pressroom: the SMTP server accepts mail again; sending goes on')
    expect(run.output).toContain('pressroom: digest 1: sent 12, failed 0, skipped 0')
    expect([...copiesPerAddress(smtp)].sort()).toEqual(emails.map((email) => [email, 1]))
  })

  it('should fail one always-refused address alone, and send to it with --retry-failed but never to one who unsubscribed', async () => {
    let fixed = false
    const emails = ['a@example.org', 'b@example.org', 'gone@example.org', 'c@example.org', 'nobody@example.org', 'd@example.org']
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, (to) =>
      (to === 'nobody@example.org' && !fixed) || to === 'gone@example.org' ? {code: 550, text: '5.1.1 No such mailbox'} : undefined
    )
    const first = await runDigest(config, {releasesDir, now, cwd: dir}, {SMTP_URL: smtp.url})
    expect(first.code).toBe(0)
    expect(first.output).toContain('pressroom: digest 1: sent 4, failed 2, skipped 0')
    expect(first.output).not.toContain('refuses every recipient')
    let store = await openStore(config.database)
    await removeSubscriber(store.db, 'gone@example.org')
    await store.close()

    fixed = true
    const retry = await runDigest(config, {releasesDir, now: later, cwd: dir, retryFailed: true}, {SMTP_URL: smtp.url})
    expect(retry.code).toBe(0)
    expect(retry.lines[0]).toBe('pressroom: digest 1: queued 1 failed recipients again (unsubscribed ones stay out)')
    expect(retry.output).toContain('resuming digest 1')
    expect(retry.output).toContain('pressroom: digest 1: sent 5, failed 1, skipped 0')
    expect(smtp.attempts.filter((to) => to === 'gone@example.org')).toHaveLength(1)
    expect([...copiesPerAddress(smtp)].sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org', 'nobody@example.org'].map((email) => [email, 1]))
    store = await openStore(config.database)
    expect((await listSends(store.db, 1, 'failed')).map((send) => send.email)).toEqual(['gone@example.org'])
    expect((await digestStatus(store.db))?.digest.status).toBe('done')
    await store.close()
    const nothing = await runDigest(config, {releasesDir, now: later, cwd: dir, retryFailed: true}, {SMTP_URL: smtp.url})
    expect(nothing.output).toBe('pressroom: digest 1: queued 0 failed recipients again (unsubscribed ones stay out)')
  })

  it('should fail five bad addresses in a row one by one once a trial message to another recipient is taken', async () => {
    const bad = ['bad1@example.org', 'bad2@example.org', 'bad3@example.org', 'bad4@example.org', 'bad5@example.org']
    const {config, releasesDir, dir, smtp} = await newsroomWith([...bad, 'good@example.org'], (to) => (to.startsWith('bad') ? {code: 550, text: '5.1.1 No such mailbox'} : undefined))
    const run = await runDigest(config, {releasesDir, now, cwd: dir, connections: 1}, {SMTP_URL: smtp.url})
    expect(run.code).toBe(0)
    expect(run.output).toContain('pressroom: the SMTP server refuses every recipient (550 5.1.1 No such mailbox); pausing 5 ms')
    expect(run.output).toContain('pressroom: the SMTP server accepts mail again; sending goes on')
    expect(run.output).toContain('pressroom: digest 1: sent 1, failed 5, skipped 0')
    expect(smtp.accepted.map((message) => message.to)).toEqual(['good@example.org'])
    for (const address of bad) expect(smtp.attempts.filter((to) => to === address)).toHaveLength(2)
  })

  it('should end a pause at once on Ctrl-C, exit 130 and leave everyone pending', async () => {
    const emails = readers(8)
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, () => ({code: 554, text: '5.7.1 Service unavailable'}))
    const stop = new AbortController()
    const lines: string[] = []
    const started = Date.now()
    // The real clock and a minute's pause: only the stop can end it within the test's time.
    const code = await runDigestCommand({releasesDir, now, cwd: dir}, config, {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}, {
      stdout: (line) => lines.push(line),
      stderr: {write: (text: string) => {
        if (text.includes('pausing 60000 ms')) stop.abort()
        lines.push(text.trim())
      }},
      interactive: false,
      outageDelays: [60_000],
      stop: stop.signal
    })
    expect(code).toBe(130)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(lines).toContain('pressroom: stopped on request; digest 1: sent 0 so far, the rest wait for `pressroom digest`')
    expect((await statusOf(config.database))?.counts).toEqual({pending: 8, sending: 0, sent: 0, failed: 0, skipped: 0})
  })

  it('should name and mark the re-send of a message whose 250 was lost with the connection, and count it in --status', async () => {
    let down = false
    const emails = ['a@example.org', 'b@example.org', 'c@example.org']
    const {config, releasesDir, dir, smtp} = await newsroomWith(emails, (to, attempt) => {
      if (down) return {code: 421, text: '4.3.0 Shutting down'}
      if (to !== 'b@example.org' || attempt > 1) return undefined
      // The server took b's message, then went away before it could say so.
      down = true
      return 'drop'
    })
    const first = await runDigest(config, {releasesDir, now, cwd: dir, connections: 1}, {SMTP_URL: smtp.url})
    expect(first.error).toMatchObject({code: 'SMTP_UNREACHABLE'})
    expect(first.output).toMatch(/pressroom: re-sending digest 1 to b@example\.org \(<digest-1\.2\.[0-9a-f]{32}@newsroom\.example\.com>\) as a possible duplicate: the connection dropped before the server's reply \(.+\)/)
    expect((await statusOf(config.database))?.counts).toMatchObject({sent: 1, pending: 2, sending: 0, failed: 0})

    down = false
    const second = await runDigest(config, {releasesDir, now: later, cwd: dir}, {SMTP_URL: smtp.url})
    expect(second.output).toContain('resuming digest 1')
    expect(second.output).toContain('pressroom: digest 1: sent 3, failed 0, skipped 0, re-sent as possible duplicates 1')
    const mails = await Promise.all(smtp.accepted.map(async (message) => ({to: message.to, mail: await simpleParser(message.raw)})))
    expect(mails.map(({to}) => to)).toEqual(['a@example.org', 'b@example.org', 'b@example.org', 'c@example.org'])
    const [lost, again] = mails.filter(({to}) => to === 'b@example.org').map(({mail}) => mail)
    expect(again?.messageId).toBe(lost?.messageId)
    expect(lost?.headers.get('x-possible-duplicate')).toBeUndefined()
    expect(again?.headers.get('x-possible-duplicate')).toBe('yes')
    expect(mails.filter(({to}) => to !== 'b@example.org').every(({mail}) => mail.headers.get('x-possible-duplicate') === undefined)).toBe(true)
    const status = await runDigest(config, {releasesDir, status: true, cwd: dir}, {})
    expect(status.lines[1]).toBe('  sent 3, failed 0, skipped 0, pending 0, in flight 0, re-sent as possible duplicates 1')
  })
})
