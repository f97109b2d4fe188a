import {hostname} from 'node:os'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, listSends, recentAlerts} from '../../src/store/digest-store.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {openStore} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {messageHeader, messageIdsByRecipient, startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation} from '../support/test-store.js'
import {runCliAsync} from '../support/run-cli.js'
import {inFlightOf, sentBy, spawnSender, stopSenders, testSecret} from './digest-run.js'

const subscribers = 1000
const connections = 3
let server: SmtpTestServer | undefined
let children: Array<ReturnType<typeof spawnSender>> = []
afterEach(async () => {
  await stopSenders(children)
  children = []
  await server?.close()
  server = undefined
})

// A newsroom with one release published at 06:00Z and `subscribers` instant subscribers in a fresh PostgreSQL store.
async function alertNewsroom() {
  const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {digest: {claimLeaseSeconds: 2}, timeZone: 'UTC'})
  const database = await newStoreLocation('postgres')
  const store = await openStore(database)
  const emails = Array.from({length: subscribers}, (_, index) => `reader${String(index).padStart(5, '0')}@example.org`)
  expect((await importSubscribers(store.db, ['email,frequency', ...emails.map((email) => `${email},instant`)].join('\n') + '\n')).added).toBe(subscribers)
  return {newsroom, database, store, emails}
}

// The store's one alert, and each recipient's copies (their Message-IDs) beside the Message-ID stored for it: every
// instant subscriber got at least one.
async function theAlert(store: Awaited<ReturnType<typeof openStore>>, smtp: SmtpTestServer, emails: string[]) {
  const alerts = await recentAlerts(store.db, 10)
  expect(alerts).toHaveLength(1)
  const alertId = alerts[0]!.id
  const stored = new Map((await listSends(store.db, alertId)).map((send) => [send.email, send.messageId]))
  const copies = messageIdsByRecipient(smtp.accepted)
  expect([...copies.keys()].sort()).toEqual(emails)
  return {alertId, stored, copies}
}

// Bounded wait until each sender has sent at least `least`: 6,000 polls of 20 ms at most.
async function untilBothSent(store: Awaited<ReturnType<typeof openStore>>, senders: Array<ReturnType<typeof spawnSender>>, least: number) {
  const bothSent = async () => (await Promise.all(senders.map((sender) => sentBy(store.db, sender.child.pid)))).every((n) => n >= least)
  for (let poll = 0; poll < 6000 && !(await bothSent()); poll++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(await bothSent(), senders.map((sender) => sender.output()).join('\n---\n')).toBe(true)
}

describe('pressroom alerts from two senders sharing one PostgreSQL store', () => {
  it('should send one alert, both processes sharing it, every instant subscriber getting exactly one copy under its stored Message-ID', async () => {
    const {newsroom, database, store, emails} = await alertNewsroom()
    // Replies slow enough (about 80 s for the whole alert from one process) that one process cannot finish alone before
    // the other has started, however loaded the machine; fast once both have sent.
    server = await startSmtpTestServer({headersOnly: true, replyDelayMs: 250})
    const start = () => spawnSender(newsroom.dir, server!.url, ['alerts', '--now', '2025-09-15T06:30:00Z', '--connections', String(connections)], {DATABASE_URL: database})
    // Both at once: the second joins the alert the first creates rather than making its own.
    children = [start(), start()]
    await untilBothSent(store, children, 1)
    server.setReplyDelay(30)
    const codes = await Promise.all(children.map((sender) => sender.exited))
    expect(codes, children.map((sender) => sender.output()).join('\n---\n')).toEqual([0, 0])

    const {alertId, stored, copies} = await theAlert(store, server, emails)
    for (const [email, ids] of copies) expect(ids).toEqual([stored.get(email)])
    expect(server.accepted.every((message) => messageHeader(message.raw, 'X-Possible-Duplicate') === undefined)).toBe(true)
    // Both processes sent part of it: the second joined rather than waiting behind a lock.
    for (const sender of children) {
      const {n} = (await store.db.get<{n: number}>(`SELECT COUNT(*) AS n FROM sends WHERE digest_id = ? AND state = 'sent' AND claimed_by LIKE ?`, alertId, `% ${sender.child.pid} %`)) ?? {n: 0}
      expect(n).toBeGreaterThan(0)
    }
    const status = await digestStatus(store.db, alertId)
    expect(status?.counts).toEqual({pending: 0, sending: 0, sent: subscribers, failed: 0, skipped: 0})
    expect(status?.digest.status).toBe('done')
    await store.close()
  }, 300_000)

  it('should give every instant subscriber the alert when one of two alerts processes is killed mid-send, a second copy only for a handoff in flight at the kill and under the same Message-ID', async () => {
    const {newsroom, database, store, emails} = await alertNewsroom()
    // Slow replies until both have joined (see above); the survivor then finishes at the faster pace.
    server = await startSmtpTestServer({headersOnly: true, replyDelayMs: 250})
    const start = () => spawnSender(newsroom.dir, server!.url, ['alerts', '--now', '2025-09-15T06:30:00Z', '--connections', String(connections)], {DATABASE_URL: database})
    children = [start(), start()]
    // Either may start first on a loaded machine, so the one to kill is chosen only once both are sending.
    await untilBothSent(store, children, 10)
    const [doomed, survivor] = children as [ReturnType<typeof spawnSender>, ReturnType<typeof spawnSender>]
    doomed.child.kill('SIGKILL')
    await doomed.exited
    server.setReplyDelay(40)
    const inFlight = await inFlightOf(store.db, doomed.child.pid)
    expect(server.accepted.length).toBeLessThan(subscribers)
    expect(await survivor.exited, survivor.output()).toBe(0)

    const {alertId, stored, copies} = await theAlert(store, server, emails)
    for (const [email, ids] of copies) {
      expect(new Set(ids)).toEqual(new Set([stored.get(email)]))
      if (ids.length > 1) expect(inFlight.has(email) && ids.length === 2, email).toBe(true)
    }
    expect((await digestStatus(store.db, alertId))?.counts).toEqual({pending: 0, sending: 0, sent: subscribers, failed: 0, skipped: 0})
    await store.close()
  }, 300_000)
})

describe('pressroom alerts from two senders on one SQLite store', () => {
  it('should refuse the second alerts run in one line that names the first and says several senders need PostgreSQL', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    const store = await openStore(newsroom.config.database)
    const emails = Array.from({length: 40}, (_, index) => `reader${String(index).padStart(2, '0')}@example.org`)
    expect((await importSubscribers(store.db, ['email,frequency', ...emails.map((email) => `${email},instant`)].join('\n') + '\n')).added).toBe(40)
    await store.close()
    server = await startSmtpTestServer({replyDelayMs: 300})
    const args = ['alerts', '--now', '2025-09-15T06:30:00Z', '--connections', '1']
    const first = spawnSender(newsroom.dir, server.url, args)
    children = [first]
    // Bounded wait until the first run is under way: 1,000 polls of 20 ms at most.
    for (let poll = 0; poll < 1000 && server.accepted.length < 1; poll++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.accepted.length).toBeGreaterThanOrEqual(1)
    const second = await runCliAsync(args, {cwd: newsroom.dir, env: {SMTP_URL: server.url, PRESSROOM_SECRET: testSecret}})
    expect(second.status).toBe(1)
    expect(second.stderr).toContain(`(process ${first.child.pid} on ${hostname()})`)
    expect(second.stderr).toContain('A SQLite store has one sender at a time')
    expect(first.child.exitCode).toBeNull()
  }, 120_000)
})

