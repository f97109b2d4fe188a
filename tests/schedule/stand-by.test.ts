import {afterEach, describe, expect, it} from 'vitest'
import {siteHost} from '../../src/email/build-digest-message.js'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {createDigest, digestStatus, listSends} from '../../src/store/digest-store.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {openStore} from '../../src/store/open-store.js'
import {listSubscribers} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startRun} from '../support/start-run.js'
import {messageHeader, startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation} from '../support/test-store.js'
import {testSecret} from '../email/digest-run.js'

const subscribers = 60
let runs: Array<ReturnType<typeof startRun>> = []
let smtp: SmtpTestServer | undefined
afterEach(async () => {
  for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL')
  await Promise.all(runs.map((run) => run.exited))
  runs = []
  await smtp?.close()
  smtp = undefined
})

describe('pressroom run on a PostgreSQL store, twice', () => {
  it('should keep the second one as a standby that joins the digest under way and takes over scheduling when the first is killed', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    const database = await newStoreLocation('postgres')
    const store = await openStore(database)
    const emails = Array.from({length: subscribers}, (_, index) => `reader${String(index).padStart(3, '0')}@example.org`)
    expect((await importSubscribers(store.db, ['email', ...emails].join('\n') + '\n')).added).toBe(subscribers)
    smtp = await startSmtpTestServer({headersOnly: true})
    const env = {DATABASE_URL: database, SMTP_URL: smtp.url, PRESSROOM_SECRET: testSecret}
    const first = startRun(newsroom.dir, env)
    runs.push(first)
    await first.waitFor(/next wake/)
    const second = startRun(newsroom.dir, env)
    runs.push(second)
    await second.waitFor(/standing by: Another scheduler/)
    expect(second.child.exitCode).toBeNull()

    // A digest under way, as the first scheduler's digest schedule creates it: the standby joins it and sends it all.
    const digest = await createDigest(store.db, {
      kind: 'daily', since: undefined, until: '2025-09-16T06:00:00.000Z', releaseIds: ['2025-09-15-ferry-charging'],
      messageId: (digestId, subscriberId) => copyMessageId({kind: 'digest', digestId, subscriberId}, siteHost(newsroom.config), testSecret), skipReason: () => undefined
    }, () => listSubscribers(store.db))
    await second.waitFor(/digest \d+: sent 60, failed 0, skipped 0/)
    expect((await digestStatus(store.db, digest.id))?.digest.status).toBe('done')
    const stored = new Map((await listSends(store.db, digest.id)).map((send) => [send.email, send.messageId]))
    expect(smtp.accepted.map((message) => message.to).sort()).toEqual(emails)
    // Unfolded: a keyed Message-ID is long enough for the header to be folded after its name.
    for (const message of smtp.accepted) expect(messageHeader(message.raw, 'Message-ID')).toBe(stored.get(message.to))

    // The scheduler dies: the standby on the same host sees its process gone and schedules from then on.
    first.child.kill('SIGKILL')
    await first.exited
    await second.waitFor(/the other scheduler is gone/)
    await second.waitFor(/next wake/)
    expect(await second.stop('SIGTERM')).toBe(0)
    await store.close()
  }, 300_000)
})
