import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runBouncesRead} from '../../src/bounces/bounces-command.js'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {formatError, PressroomError} from '../../src/report/pressroom-error.js'
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

  it('should refuse a mailbox the account does not have in one line that names the mailboxes it has', () => {
    const missing = `imap://${dovecot.user}@127.0.0.1:${dovecot.port}/Bounces`
    const run = runCli(['bounces', 'read', missing], {cwd: newsroom.dir, env: {PRESSROOM_IMAP_PASSWORD: dovecot.password}})
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `pressroom: Could not open the mailbox \`Bounces\` of ${missing}: Mailbox doesn't exist: Bounces [BOUNCE_IMAP_MAILBOX_MISSING]`,
      '  hint: Name an existing mailbox after the host in the URL (this account has INBOX); nothing was read'
    ])
  }, 120_000)

  it('should end a read whose server dies mid-way in one line, and lose no report: the next read takes the rest and counts the recorded one once', async () => {
    // Two new soft bounces for reader01 (the report's own Message-ID makes each a report of its own).
    const soft = (await fixture('soft-bounce-postfix.eml')).toString()
    const again = (id: string) => soft.replace('<20250916120501.7B2D9E0456@mx.example.org>', `<${id}@mx.example.org>`)
    dovecot.deliver('1758096005.M5P1.mx', again('second-soft'))
    dovecot.deliver('1758096006.M6P1.mx', again('third-soft'))
    const lines: string[] = []
    // Killed as the first report's line is written: after it is recorded, before it is marked seen.
    const io = {stdout: (line: string) => {
      lines.push(line)
      if (lines.length === 1) dovecot.kill()
    }, stderr: (line: string) => lines.push(line)}
    const failure = await runBouncesRead({paths: [mailbox], cwd: newsroom.dir, now: Date.parse('2025-09-17T09:00:00Z'), secret: testSecret, imapPassword: dovecot.password}, newsroom.config, io).then(() => undefined, (error: unknown) => error)
    expect(failure).toBeInstanceOf(PressroomError)
    expect((failure as PressroomError).code).toBe('BOUNCE_IMAP_READ_FAILED')
    const printed = formatError(failure, false).split('\n')
    expect(printed).toHaveLength(2)
    expect(printed[0]).toBe(`pressroom: Could not finish reading ${mailbox} (127.0.0.1:${dovecot.port}): the connection closed before UID 5 was marked seen [BOUNCE_IMAP_READ_FAILED]`)
    expect(printed[1]).toBe('  hint: 0 messages were read and marked seen; the others stay unseen: run `pressroom bounces read` again once the server answers (a report recorded but not yet marked seen counts once)')
    expect(printed.join('\n')).not.toContain(dovecot.password)
    expect(lines).toEqual([`pressroom bounces: ${mailbox};UID=5: soft bounce 4.2.2 for reader01@example.org (digest 1): recorded (2 soft bounces within 14 days, limit 3)`])

    await dovecot.start()
    const next = read()
    expect(next.status).toBe(0)
    expect(next.stdout.split('\n').filter(Boolean)).toEqual([
      `pressroom bounces: ${mailbox};UID=5: soft bounce 4.2.2 for reader01@example.org (digest 1): already recorded from this report`,
      `pressroom bounces: ${mailbox};UID=6: soft bounce 4.2.2 for reader01@example.org (digest 1): suppressed (3 soft bounces within 14 days, limit 3)`,
      'pressroom bounces: read 2 messages: 1 suppressed, 0 recorded, 1 already recorded, 0 ignored'
    ])
  }, 120_000)
})
