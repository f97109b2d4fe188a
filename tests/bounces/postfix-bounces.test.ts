import {readdir, writeFile} from 'node:fs/promises'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {SMTPServer} from 'smtp-server'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {currentSuppression} from '../../src/store/suppression-store.js'
import {subscribeReaders, testSecret} from '../email/digest-run.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCli, runCliAsync} from '../support/run-cli.js'
import {startPostfix, type TestPostfix} from '../support/start-postfix.js'

/** The envelope sender of the digests (the config's `email.from`): where Postfix sends its bounces. */
const bounceAddress = 'newsroom@newsroom.example.com'
/** The one recipient the next hop refuses, as a mailbox provider refuses an address that no longer exists. */
const goneAddress = 'reader02@example.org'

/**
 * The next hop after Postfix (a smarthost, or the recipient's MX), on 127.0.0.1: refuses `goneAddress` at RCPT with
 * 550 5.1.1, as a provider refuses an address that no longer exists, and keeps what it takes.
 */
async function startNextHop() {
  const delivered: Array<{to: string[]; raw: Buffer}> = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === goneAddress) {
        return callback(Object.assign(new Error(`5.1.1 <${goneAddress}>: Recipient address rejected: User unknown in virtual mailbox table`), {responseCode: 550}))
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        delivered.push({to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()), raw: Buffer.concat(chunks)})
        callback()
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {port: (server.server.address() as AddressInfo).port, delivered, close: () => new Promise<void>((resolve) => server.close(() => resolve()))}
}

/** Poll (bounded) until `check` holds; the failure says what was waited for and shows Postfix's log. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, postfix: TestPostfix, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; Postfix logged:\n${postfix.log()}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('bounces from a real Postfix relay', () => {
  let nextHop: Awaited<ReturnType<typeof startNextHop>>
  let postfix: TestPostfix
  let newsroom: Awaited<ReturnType<typeof makeDigestNewsroom>>
  let maildir: string
  beforeAll(async () => {
    newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    nextHop = await startNextHop()
    // The bounce address is delivered by Postfix itself, into the maildir `pressroom bounces read` reads.
    postfix = await startPostfix({relayPort: nextHop.port, localAddress: bounceAddress})
    maildir = postfix.maildir
    await subscribeReaders(newsroom.config.database, 4)
  }, 120_000)
  afterAll(async () => {
    await postfix?.stop()
    await nextHop?.close()
  })

  it('should suppress exactly the address the next hop refused, from the DSN Postfix mailed back, with reason and evidence', async () => {
    const run = await runCliAsync(['digest', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir, env: {SMTP_URL: `smtp://127.0.0.1:${postfix.port}`, PRESSROOM_SECRET: testSecret}})
    // Postfix takes every copy: the refusal comes later, from the next hop, as a bounce.
    expect(run.stdout).toContain('digest 1: sent 4, failed 0')
    const dsnFile = await waitFor('the DSN in the maildir', async () => (await readdir(join(maildir, 'new')).catch(() => []))[0], postfix)
    await waitFor('three copies at the next hop', async () => (nextHop.delivered.length === 3 ? true : undefined), postfix)
    expect(nextHop.delivered.flatMap((message) => message.to).sort()).toEqual(['reader00@example.org', 'reader01@example.org', 'reader03@example.org'])

    const read = runCli(['bounces', 'read', maildir, '--now', '2025-09-16T13:00:00Z'], {cwd: newsroom.dir})
    expect(read.stderr).toBe('')
    expect(read.stdout.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${join(maildir, 'new', dsnFile)}: hard bounce 5.1.1 for ${goneAddress} (digest 1): suppressed`,
      'pressroom bounces: read 1 messages: 1 suppressed, 0 recorded, 0 already recorded, 0 ignored'
    ])
    const store = await openStore(newsroom.config.database)
    try {
      const statuses = await Promise.all(['reader00', 'reader01', 'reader02', 'reader03'].map(async (name) => (await findSubscriber(store.db, `${name}@example.org`))?.status))
      expect(statuses).toEqual(['active', 'active', 'unsubscribed', 'active'])
      const suppression = await currentSuppression(store.db, (await findSubscriber(store.db, goneAddress))!.id)
      expect(suppression).toMatchObject({reason: 'bounce', event: {kind: 'hard-bounce', digestId: 1, statusCode: '5.1.1', source: join(maildir, 'new', dsnFile)}})
      // Postfix quotes the next hop's own words in the DSN's Diagnostic-Code.
      expect(suppression?.event.diagnostic).toContain('550 5.1.1')
      expect(suppression?.event.diagnostic).toContain('User unknown in virtual mailbox table')
      expect(suppression?.event.reportMessageId).toMatch(/@mta\.pressroom\.test>$/)
      expect(await store.db.all('SELECT subscriber_id, reason FROM suppressions')).toEqual([{subscriber_id: (await findSubscriber(store.db, goneAddress))!.id, reason: 'bounce'}])
    } finally {
      await store.close()
    }
    const status = JSON.parse(runCli(['status', '--json'], {cwd: newsroom.dir}).stdout) as {digests: Array<{id: number; reports: unknown}>}
    expect(status.digests).toEqual([expect.objectContaining({id: 1, reports: {hardBounces: 1, softBounces: 0, complaints: 0, bounceRate: 1 / 4, complaintRate: 0}})])
  }, 120_000)

  it('should suppress on a complaint about a copy Postfix delivered, and change nothing for a forged or malformed one, logging each', async () => {
    // The copy reader01's mailbox got, through Postfix, quoted whole in a redacted complaint: only its Message-ID names it.
    const copy = nextHop.delivered.find((message) => message.to.includes('reader01@example.org'))
    expect(copy).toBeDefined()
    const messageId = /^message-id:\s*(<[^>]+>)/im.exec(copy!.raw.toString('latin1'))?.[1]
    expect(messageId).toMatch(/^<digest-1\.2\.[0-9a-f]{32}@newsroom\.example\.com>$/)
    const arf = (reportId: string, original: string, withFeedbackPart = true) => [
      'From: Feedback Loop <fbl@feedback.example.net>', `To: ${bounceAddress}`, 'Subject: Complaint', `Message-ID: <${reportId}@feedback.example.net>`,
      'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"', '',
      '--arf', 'Content-Type: text/plain', '', 'A recipient marked this message as spam.', '',
      ...(withFeedbackPart ? ['--arf', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'Version: 1', ''] : []),
      '--arf', 'Content-Type: message/rfc822', '', original.replace(/^To:.*$/im, 'To: redacted'), '--arf--', ''
    ].join('\r\n')
    const original = copy!.raw.toString('latin1').replace(/\r\n/g, '\n').split('\n\n')[0]!.replace(/\n/g, '\r\n')
    const files = {
      genuine: join(maildir, 'new', 'z1-complaint.eml'),
      forged: join(maildir, 'new', 'z2-forged.eml'),
      malformed: join(maildir, 'new', 'z3-malformed.eml')
    }
    await writeFile(files.genuine, arf('genuine', original))
    // Guessed from the numbers, as Message-IDs looked before they carried a MAC: reader03's copy.
    await writeFile(files.forged, arf('forged', original.replace(messageId!, '<digest-1.4@newsroom.example.com>')))
    await writeFile(files.malformed, arf('malformed', original, false))
    const before = await openStore(newsroom.config.database).then(async (store) => {
      try {
        return await store.db.all('SELECT id, email, status FROM subscribers ORDER BY id')
      } finally {
        await store.close()
      }
    })
    const read = runCli(['bounces', 'read', maildir, '--now', '2025-09-17T09:00:00Z'], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
    expect(read.stderr.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${files.forged}: ignored: <digest-1.4@newsroom.example.com> is no message we sent`,
      `pressroom bounces: ${files.malformed}: ignored: a feedback report without its message/feedback-report part`
    ])
    expect(read.stdout).toContain(`${files.genuine}: complaint for reader01@example.org (digest 1): suppressed`)
    expect(read.stdout).toContain('read 4 messages: 1 suppressed, 0 recorded, 1 already recorded, 2 ignored')
    const store = await openStore(newsroom.config.database)
    try {
      const after = await store.db.all<{email: string; status: string}>('SELECT id, email, status FROM subscribers ORDER BY id')
      expect(after).toEqual(before.map((row) => ((row as {email: string}).email === 'reader01@example.org' ? {...(row as object), status: 'unsubscribed'} : row)))
      expect(await currentSuppression(store.db, (await findSubscriber(store.db, 'reader01@example.org'))!.id)).toMatchObject({reason: 'complaint', event: {kind: 'complaint', messageId, reportMessageId: '<genuine@feedback.example.net>', source: files.genuine}})
    } finally {
      await store.close()
    }
  }, 120_000)
})
