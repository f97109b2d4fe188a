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
import {newStoreLocation} from '../support/test-store.js'
import {testSecret} from './digest-run.js'

const now = Date.parse('2025-09-15T06:30:00Z')
const emails = ['reader0@example.org', 'reader1@example.org', 'reader2@example.org']
const opened: Array<{close(): unknown}> = []
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close()
})

/**
 * `db` that runs `before(n)` ahead of its n-th statement made outside a transaction, awaited: another host's work
 * slipped in at that point of this run. Statements inside a transaction are not interrupted (another host would wait
 * for the store's write lock there).
 */
function interleaved(db: Db, before: (n: number) => Promise<void>): Db {
  let depth = 0
  let count = 0
  const step = async () => {
    if (depth === 0) await before(++count)
  }
  return {
    dialect: db.dialect,
    get: async (sql, ...params) => (await step(), db.get(sql, ...params)),
    all: async (sql, ...params) => (await step(), db.all(sql, ...params)),
    run: async (sql, ...params) => (await step(), db.run(sql, ...params)),
    exec: async (sql) => (await step(), db.exec(sql)),
    transaction: (fn) => db.transaction(async () => {
      depth++
      try {
        return await fn()
      } finally {
        depth--
      }
    }),
    close: () => db.close()
  }
}

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
  it('should send the whole alert however early another host creates it, and create none of its own', async () => {
    // Another host creates the alert before each statement this run makes, in turn, until this run has created it
    // first: wherever the other's alert appears, this run joins it.
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
        // An alerts run stopped as soon as it began: it creates the alert and sends nothing.
        const stopped = await sendAlerts(options(other.db, AbortSignal.abort()))
        expect(stopped.alerts.map((alert) => alert.sent), `another host at statement ${at}`).toEqual([0])
      }
      const result = await sendAlerts(options(interleaved(store.db, before)))
      expect(result.alerts.map((alert) => alert.sent), `another host created the alert before statement ${at}`).toEqual([emails.length])
      expect(await recentAlerts(other.db, 10)).toHaveLength(1)
      expect([...messageIdsByRecipient(smtp.accepted)].map(([email, ids]) => [email, ids.length]).sort()).toEqual(emails.map((email) => [email, 1]))
      for (const resource of opened.splice(0).reverse()) await resource.close()
    }
    expect(covered).toBe(true)
  }, 120_000)
})
