import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {openStore} from '../../src/store/open-store.js'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {currentSuppression} from '../../src/store/suppression-store.js'
import {subscribeReaders, testSecret} from '../email/digest-run.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCli, runCliAsync} from '../support/run-cli.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation, storeKinds} from '../support/test-store.js'

const fixtures = join(import.meta.dirname, '../fixtures/bounces')
const fixture = (name: string) => join(fixtures, name)

/** The Message-ID of subscriber `n`'s copy of digest 1, as the send keyed it (the fixtures quote these). */
const sentId = (n: number) => copyMessageId({kind: 'digest', digestId: 1, subscriberId: n}, 'newsroom.example.com', testSecret)

/**
 * A complaint in the Abuse Reporting Format about the message `messageId`, as a feedback loop sends it; `recipient`
 * names the complaining address in `Original-Rcpt-To` and the quoted To, and without it the report is redacted, as
 * Gmail's and Microsoft's are: only the Message-ID then says whose copy it was.
 */
function complaint(messageId: string, reportId: string, recipient?: string): string {
  return [
    'From: Feedback Loop <fbl@feedback.example.net>', 'To: fbl@newsroom.example.com', 'Subject: Complaint about message', `Message-ID: <${reportId}@feedback.example.net>`,
    'Date: Thu, 18 Sep 2025 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"', '',
    '--arf', 'Content-Type: text/plain', '', 'A complaint.', '',
    '--arf', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: FBL/1.0', 'Version: 1', ...(recipient ? [`Original-Rcpt-To: <${recipient}>`] : []), '',
    '--arf', 'Content-Type: text/rfc822-headers', '', 'From: Example Newsroom <newsroom@newsroom.example.com>', ...(recipient ? [`To: ${recipient}`] : ['To: redacted']),
    `Message-ID: ${messageId}`, 'Subject: Example Newsroom: 1 new release', '',
    '--arf--', ''
  ].join('\r\n')
}

/** The subscribers table and the evidence kept, as rows: what a report that changes nothing must leave as it was. */
async function storeRows(database: string) {
  const store = await openStore(database)
  try {
    return {
      subscribers: await store.db.all('SELECT id, email, status, unsubscribed_at FROM subscribers ORDER BY id'),
      events: await store.db.all('SELECT * FROM delivery_events ORDER BY id'),
      suppressions: await store.db.all('SELECT * FROM suppressions ORDER BY id')
    }
  } finally {
    await store.close()
  }
}

/** A report of the soft-bounce fixture under another report Message-ID, so it is a new report and not the same one read again. */
async function softBounceNumbered(dir: string, n: number): Promise<string> {
  const text = (await readFile(fixture('soft-bounce-postfix.eml'), 'utf8')).replaceAll('7B2D9E0456', `7B2D9E04${String(n).padStart(2, '0')}`)
  const path = join(dir, `soft-${n}.eml`)
  await writeFile(path, text)
  return path
}

describe.each(storeKinds)('pressroom bounces read (%s)', (kind) => {
  let smtp: SmtpTestServer
  let newsroom: Awaited<ReturnType<typeof makeDigestNewsroom>>
  beforeAll(async () => {
    smtp = await startSmtpTestServer()
    newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {
      bounces: {softLimit: 2, softWindowDays: 7},
      ...(kind === 'postgres' ? {database: await newStoreLocation(kind)} : {})
    })
    await subscribeReaders(newsroom.config.database, 6)
    // A real digest through the CLI: the send log then holds the Message-IDs the fixtures quote.
    const run = await runCliAsync(['digest', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir, env: {SMTP_URL: smtp.url, PRESSROOM_SECRET: testSecret}})
    expect(run.stdout).toContain('digest 1: sent 6, failed 0')
  }, 120_000)
  afterAll(async () => smtp?.close())

  it('should suppress a hard-bounced address and a complaining one at once, with reason and evidence, and only count a soft bounce', async () => {
    const files = ['hard-bounce-postfix.eml', 'complaint-yahoo-arf.eml', 'soft-bounce-postfix.eml'].map(fixture)
    const run = runCli(['bounces', 'read', ...files, '--now', '2025-09-17T09:00:00Z'], {cwd: newsroom.dir})
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${files[0]}: hard bounce 5.1.1 for reader00@example.org (digest 1): suppressed`,
      `pressroom bounces: ${files[1]}: complaint for reader04@example.org (digest 1): suppressed`,
      `pressroom bounces: ${files[2]}: soft bounce 4.2.2 for reader01@example.org (digest 1): recorded (1 soft bounces within 7 days, limit 2)`,
      'pressroom bounces: read 3 messages: 2 suppressed, 1 recorded, 0 already recorded, 0 ignored'
    ])
    const store = await openStore(newsroom.config.database)
    try {
      const statusOf = async (email: string) => (await findSubscriber(store.db, email))?.status
      expect(await Promise.all([0, 1, 2, 3, 4, 5].map((n) => statusOf(`reader0${n}@example.org`)))).toEqual(['unsubscribed', 'active', 'active', 'active', 'unsubscribed', 'active'])
      const bounce = await currentSuppression(store.db, (await findSubscriber(store.db, 'reader00@example.org'))!.id)
      expect(bounce).toMatchObject({
        reason: 'bounce',
        at: '2025-09-17T09:00:00.000Z',
        event: {
          kind: 'hard-bounce', digestId: 1, messageId: sentId(1), reportMessageId: '<20250916120501.3F1A2C0123@mx.example.org>',
          statusCode: '5.1.1', source: files[0], receivedAt: '2025-09-17T09:00:00.000Z'
        }
      })
      expect(bounce?.event.diagnostic).toBe('550 5.1.1 <reader00@example.org>: Recipient address rejected: User unknown in virtual mailbox table')
      expect(await currentSuppression(store.db, (await findSubscriber(store.db, 'reader04@example.org'))!.id)).toMatchObject({
        reason: 'complaint', event: {kind: 'complaint', messageId: sentId(5), reportMessageId: '<1758096861.ARF.77013@arf.mail.yahoo.com>', source: files[1]}
      })
    } finally {
      await store.close()
    }

    // Read again, the same reports count once and change nothing.
    const before = await storeRows(newsroom.config.database)
    const again = runCli(['bounces', 'read', files[0]!, '--now', '2025-09-18T09:00:00Z'], {cwd: newsroom.dir})
    expect(again.stdout).toContain('hard bounce 5.1.1 for reader00@example.org (digest 1): already recorded from this report')
    expect(await storeRows(newsroom.config.database)).toEqual(before)
  }, 60_000)

  it('should change nothing for a forged or malformed report, and log one line saying why for each', async () => {
    const before = await storeRows(newsroom.config.database)
    const files = ['forged-unknown-message.eml', 'forged-wrong-recipient.eml', 'malformed-no-status.eml'].map(fixture)
    const notAReport = join(newsroom.dir, 'note.eml')
    await writeFile(notAReport, 'From: someone@example.org\r\nTo: newsroom@newsroom.example.com\r\nSubject: Hello\r\nMessage-ID: <hello@example.org>\r\n\r\nJust saying hello.\r\n')
    const run = runCli(['bounces', 'read', ...files, notAReport], {cwd: newsroom.dir})
    expect(run.status).toBe(0)
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${files[0]}: ignored: <digest-1.99@newsroom.example.com> is no message we sent`,
      `pressroom bounces: ${files[1]}: ignored: the report names reader03@example.org, but ${sentId(3)} went to reader02@example.org`,
      `pressroom bounces: ${files[2]}: ignored: a delivery report without its message/delivery-status part`,
      `pressroom bounces: ${notAReport}: ignored: not a delivery or feedback report (Content-Type missing)`
    ])
    expect(run.stdout).toContain('read 4 messages: 0 suppressed, 0 recorded, 0 already recorded, 4 ignored')
    expect(await storeRows(newsroom.config.database)).toEqual(before)
  }, 60_000)

  it('should suppress after the configured number of soft bounces within the window, read from a maildir, and not before', async () => {
    const maildir = join(newsroom.dir, 'Maildir')
    await mkdir(join(maildir, 'new'), {recursive: true})
    await mkdir(join(maildir, 'cur'), {recursive: true})
    const status = async () => {
      const store = await openStore(newsroom.config.database)
      try {
        return (await findSubscriber(store.db, 'reader01@example.org'))?.status
      } finally {
        await store.close()
      }
    }
    // The first soft bounce (test one) was recorded on 17 September; eight days later it is out of the 7-day window.
    const late = runCli(['bounces', 'read', await softBounceNumbered(join(maildir, 'new'), 1), '--now', '2025-09-25T09:00:00Z'], {cwd: newsroom.dir})
    expect(late.stdout).toContain('soft bounce 4.2.2 for reader01@example.org (digest 1): recorded (1 soft bounces within 7 days, limit 2)')
    expect(await status()).toBe('active')
    await softBounceNumbered(join(maildir, 'cur'), 2)
    const second = runCli(['bounces', 'read', maildir, '--now', '2025-09-26T09:00:00Z'], {cwd: newsroom.dir})
    expect(second.stdout).toContain(`${join(maildir, 'new', 'soft-1.eml')}: soft bounce 4.2.2 for reader01@example.org (digest 1): already recorded from this report`)
    expect(second.stdout).toContain(`${join(maildir, 'cur', 'soft-2.eml')}: soft bounce 4.2.2 for reader01@example.org (digest 1): suppressed (2 soft bounces within 7 days, limit 2)`)
    expect(await status()).toBe('unsubscribed')
  }, 60_000)

  it('should show the bounce and complaint rates of each send in pressroom status', async () => {
    const json = runCli(['status', '--json'], {cwd: newsroom.dir})
    // By now: reader00 hard-bounced, reader01 soft-bounced (twice), reader04 complained, of six copies sent.
    expect((JSON.parse(json.stdout) as {digests: unknown[]}).digests).toEqual([
      expect.objectContaining({id: 1, kind: 'daily', sent: 6, reports: {hardBounces: 1, softBounces: 1, complaints: 1, bounceRate: 1 / 6, complaintRate: 1 / 6}})
    ])
    const text = runCli(['status'], {cwd: newsroom.dir})
    expect(text.stdout).toMatch(/daily digest 1 .* sent 6 .* bounced 1 \(16\.67 %\)\s+soft 1\s+complaints 1 \(16\.67 %\)\s+done/)
  }, 60_000)

  it('should take a complaint that names no recipient only when its Message-ID carries a MAC that verifies, and log each forged one', async () => {
    const dir = join(newsroom.dir, 'complaints')
    await mkdir(dir, {recursive: true})
    const write = async (name: string, text: string) => {
      await writeFile(join(dir, name), text)
      return join(dir, name)
    }
    const before = await storeRows(newsroom.config.database)
    // Guessed from the numbers alone: the old form, and the new form with a made-up MAC.
    const guessed = await write('guessed.eml', complaint('<digest-1.6@newsroom.example.com>', 'guessed'))
    const madeUp = `<digest-1.6.${'0'.repeat(32)}@newsroom.example.com>`
    const forgedMac = await write('forged-mac.eml', complaint(madeUp, 'forged-mac'))
    const genuine = await write('genuine.eml', complaint(sentId(6), 'genuine'))
    const forged = runCli(['bounces', 'read', guessed, forgedMac], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
    expect(forged.stderr.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${guessed}: ignored: <digest-1.6@newsroom.example.com> is no message we sent`,
      `pressroom bounces: ${forgedMac}: ignored: ${madeUp} is no message we sent`
    ])
    // Without the secret, the MAC of even the genuine report cannot be checked: it waits, changing nothing.
    const noSecret = runCli(['bounces', 'read', genuine], {cwd: newsroom.dir})
    expect(noSecret.stderr).toBe(`pressroom bounces: ${genuine}: ignored: the complaint names no recipient, and without PRESSROOM_SECRET the MAC of ${sentId(6)} cannot be checked\n`)
    // Another newsroom's secret makes the same Message-ID unverifiable.
    const otherSecret = runCli(['bounces', 'read', genuine], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: 'another-newsrooms-secret-4567'}})
    expect(otherSecret.stderr).toBe(`pressroom bounces: ${genuine}: ignored: the complaint names no recipient, and the MAC of ${sentId(6)} does not verify\n`)
    expect(await storeRows(newsroom.config.database)).toEqual(before)

    const taken = runCli(['bounces', 'read', genuine, '--now', '2025-09-18T10:00:00Z'], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
    expect(taken.stderr).toBe('')
    expect(taken.stdout).toContain(`${genuine}: complaint for reader05@example.org (digest 1): suppressed`)
    const store = await openStore(newsroom.config.database)
    try {
      expect(await currentSuppression(store.db, (await findSubscriber(store.db, 'reader05@example.org'))!.id)).toMatchObject({reason: 'complaint', event: {messageId: sentId(6), reportMessageId: '<genuine@feedback.example.net>'}})
    } finally {
      await store.close()
    }
  }, 60_000)

  it('should match a report on a send from before Message-IDs carried a MAC only when it names the recipient', async () => {
    const oldForm = '<digest-1.4@newsroom.example.com>'
    const store = await openStore(newsroom.config.database)
    try {
      // reader03's copy as the send log of an older version holds it: unsigned.
      await store.db.run('UPDATE sends SET message_id = ? WHERE digest_id = 1 AND subscriber_id = 4', oldForm)
    } finally {
      await store.close()
    }
    const dir = join(newsroom.dir, 'old-form')
    await mkdir(dir, {recursive: true})
    const redacted = join(dir, 'redacted.eml')
    await writeFile(redacted, complaint(oldForm, 'old-redacted'))
    const named = join(dir, 'named.eml')
    await writeFile(named, complaint(oldForm, 'old-named', 'reader03@example.org'))
    const before = await storeRows(newsroom.config.database)
    const guess = runCli(['bounces', 'read', redacted], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
    expect(guess.stderr).toBe(`pressroom bounces: ${redacted}: ignored: the complaint names no recipient, and ${oldForm} is an old-form Message-ID without a MAC\n`)
    expect(await storeRows(newsroom.config.database)).toEqual(before)
    const run = runCli(['bounces', 'read', named], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain(`${named}: complaint for reader03@example.org (digest 1): suppressed`)
  }, 60_000)

  it('should refuse a name that is no file or folder before reading anything', () => {
    const run = runCli(['bounces', 'read', fixture('hard-bounce-postfix.eml'), 'no-such.eml'], {cwd: newsroom.dir})
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Could not read `no-such.eml`: no such file or folder')
  })
})
