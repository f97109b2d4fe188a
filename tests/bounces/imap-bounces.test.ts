import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {openStore} from '../../src/store/open-store.js'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {currentSuppression} from '../../src/store/suppression-store.js'
import {subscribeReaders, testSecret} from '../email/digest-run.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCli, runCliAsync} from '../support/run-cli.js'
import {startDovecot, type TestDovecot} from '../support/start-dovecot.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'

const fixture = (name: string) => readFile(join(import.meta.dirname, '../fixtures/bounces', name))

describe('pressroom bounces read from an IMAP mailbox', () => {
  let smtp: SmtpTestServer
  let dovecot: TestDovecot
  let newsroom: Awaited<ReturnType<typeof makeDigestNewsroom>>
  let mailbox: string
  beforeAll(async () => {
    smtp = await startSmtpTestServer()
    dovecot = await startDovecot()
    mailbox = `imap://${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`
    newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    await subscribeReaders(newsroom.config.database, 5)
    const run = await runCliAsync(['digest', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir, env: {SMTP_URL: smtp.url, PRESSROOM_SECRET: testSecret}})
    expect(run.stdout).toContain('digest 1: sent 5, failed 0')
  }, 120_000)
  afterAll(async () => {
    await dovecot?.stop()
    await smtp?.close()
  })

  const read = () => runCli(['bounces', 'read', mailbox, '--now', '2025-09-17T09:00:00Z'], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret, PRESSROOM_IMAP_PASSWORD: dovecot.password}})

  it('should read the unseen reports of the mailbox, suppress as they call for, and mark them seen so the next read takes only new ones', async () => {
    dovecot.deliver('1758096001.M1P1.mx', await fixture('hard-bounce-postfix.eml'))
    dovecot.deliver('1758096002.M2P1.mx', await fixture('forged-unknown-message.eml'))
    const first = read()
    expect(first.status).toBe(0)
    expect(first.stdout.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${mailbox};UID=1: hard bounce 5.1.1 for reader00@example.org (digest 1): suppressed`,
      'pressroom bounces: read 2 messages: 1 suppressed, 0 recorded, 0 already recorded, 1 ignored'
    ])
    expect(first.stderr).toBe(`pressroom bounces: ${mailbox};UID=2: ignored: <digest-1.99@newsroom.example.com> is no message we sent\n`)
    const store = await openStore(newsroom.config.database)
    try {
      expect(await currentSuppression(store.db, (await findSubscriber(store.db, 'reader00@example.org'))!.id)).toMatchObject({
        reason: 'bounce', event: {kind: 'hard-bounce', messageId: copyMessageId({kind: 'digest', digestId: 1, subscriberId: 1}, 'newsroom.example.com', testSecret), source: `${mailbox};UID=1`}
      })
    } finally {
      await store.close()
    }

    // Both were marked \Seen: read again, nothing is read twice.
    const second = read()
    expect(second.stderr).toBe('')
    expect(second.stdout).toBe('pressroom bounces: read 0 messages: 0 suppressed, 0 recorded, 0 already recorded, 0 ignored\n')

    dovecot.deliver('1758096003.M3P1.mx', await fixture('soft-bounce-postfix.eml'))
    const third = read()
    expect(third.stdout.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${mailbox};UID=3: soft bounce 4.2.2 for reader01@example.org (digest 1): recorded (1 soft bounces within 14 days, limit 3)`,
      'pressroom bounces: read 1 messages: 0 suppressed, 1 recorded, 0 already recorded, 0 ignored'
    ])
  }, 120_000)

  it('should refuse a wrong password or none in one line, without printing it, and read nothing', async () => {
    dovecot.deliver('1758096004.M4P1.mx', await fixture('complaint-yahoo-arf.eml'))
    const wrong = runCli(['bounces', 'read', mailbox], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret, PRESSROOM_IMAP_PASSWORD: 'not-the-password-8d2e'}})
    expect(wrong.status).toBe(1)
    expect(wrong.stderr).toContain(`Could not log in to ${mailbox}`)
    expect(wrong.stderr).not.toContain('not-the-password-8d2e')
    const none = runCli(['bounces', 'read', mailbox], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
    expect(none.status).toBe(1)
    expect(none.stderr).toContain('Missing `PRESSROOM_IMAP_PASSWORD`')
    const inUrl = runCli(['bounces', 'read', `imap://${dovecot.user}:${dovecot.password}@127.0.0.1:${dovecot.port}/INBOX`], {cwd: newsroom.dir, env: {PRESSROOM_IMAP_PASSWORD: dovecot.password}})
    expect(inUrl.status).toBe(1)
    expect(inUrl.stderr).toContain('Unexpected password in the IMAP mailbox URL')
    expect(inUrl.stderr).not.toContain(dovecot.password)
    // The complaint is still unseen: the next good read takes it.
    expect(read().stdout).toContain(`${mailbox};UID=4: complaint for reader04@example.org`)
  }, 120_000)
})
