import {afterEach, describe, expect, it} from 'vitest'
import {ledgerInstants, processIsAlive, requireSendEnvironment, sendClaims} from '../../src/email/digest-command.js'
import {openMailTransport} from '../../src/email/mail-transport.js'
import {sendAlerts, type SendAlertsOptions} from '../../src/email/send-alerts.js'
import {signToken} from '../../src/email/sign-token.js'
import {loadReleases} from '../../src/release/load-releases.js'
import type {Db} from '../../src/store/db.js'
import {recentAlerts} from '../../src/store/digest-store.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {messageIdsByRecipient, startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {interleavedDb} from '../support/interleaved-db.js'
import {newStoreLocation} from '../support/test-store.js'
import {testSecret} from './digest-run.js'

const now = Date.parse('2025-09-15T06:30:00Z')
const emails = ['reader0@example.org', 'reader1@example.org', 'reader2@example.org']
const opened: Array<{close(): unknown}> = []
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close()
})

// A newsroom with one release published at 06:00Z, three instant subscribers in a new PostgreSQL store, the ledger
// recorded as an alerts run records it, and the options an alerts run of this process sends with.
async function alertRun(smtp: SmtpTestServer) {
  const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
  const database = await newStoreLocation('postgres')
  const open = async () => {
    const store = await openStore(database)
    opened.push(store)
    return store
  }
  const store = await open()
  expect((await importSubscribers(store.db, ['email,frequency', ...emails.map((email) => `${email},instant`)].join('\n') + '\n')).added).toBe(emails.length)
  const {releases} = await loadReleases({config: newsroom.config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
  await ledgerInstants(store.db, releases, now, newsroom.dir, false)
  const send = requireSendEnvironment({PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}, newsroom.config, 'an alert')
  const transport = await openMailTransport(send.mail, {maxConnections: 1})
  opened.push(transport)
  const options = (db: Db, stop?: AbortSignal): SendAlertsOptions => ({
    db, config: newsroom.config, releases, now, transport, secret: send.secret,
    token: (subscriberId) => signToken({subscriberId, list: 'alerts', action: 'unsubscribe'}, send.secret),
    concurrency: 1, stderr: {write: () => true}, interactive: false, log: () => {}, isAlive: processIsAlive,
    claims: sendClaims(newsroom.config), ...(stop ? {stop} : {})
  })
  return {store, open, options}
}

describe('pressroom alerts with a second host', () => {
  it.each([
    {other: 'creates the alert and stops', theirs: 0, ours: [emails.length]},
    {other: 'sends the whole alert', theirs: emails.length, ours: []}
  ])('should give each subscriber one copy of one alert when another host $other, however early in this run', async ({theirs, ours}) => {
    // Another host's alerts run slips in before each statement this run makes, in turn, until this run has created the
    // alert first: wherever the other's alert appears, this run joins it or leaves it be.
    let covered = false
    for (let at = 1; at <= 40 && !covered; at++) {
      const smtp = await startSmtpTestServer({headersOnly: true})
      opened.push(smtp)
      const {store, open, options} = await alertRun(smtp)
      const other: Store = await open()
      const before = async (n: number) => {
        if (n !== at) return
        if ((await recentAlerts(other.db, 10)).length > 0) {
          covered = true
          return
        }
        // Stopped as soon as it began, a run creates the alert and sends nothing.
        const run = await sendAlerts(options(other.db, theirs === 0 ? AbortSignal.abort() : undefined))
        expect(run.alerts.map((alert) => alert.sent), `another host at statement ${at}`).toEqual([theirs])
      }
      const result = await sendAlerts(options(interleavedDb(store.db, before)))
      expect(result.alerts.map((alert) => alert.sent), `another host ran before statement ${at}`).toEqual(covered ? [emails.length] : ours)
      expect(await recentAlerts(other.db, 10)).toHaveLength(1)
      expect([...messageIdsByRecipient(smtp.accepted)].map(([email, ids]) => [email, ids.length]).sort()).toEqual(emails.map((email) => [email, 1]))
      for (const resource of opened.splice(0).reverse()) await resource.close()
    }
    expect(covered).toBe(true)
  }, 120_000)
})
