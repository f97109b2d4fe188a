import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, listSends, recentAlerts} from '../../src/store/digest-store.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {openStore} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation} from '../support/test-store.js'
import {spawnSender} from './digest-run.js'

const subscribers = 500
const connections = 3
let server: SmtpTestServer | undefined
let children: Array<ReturnType<typeof spawnSender>> = []
afterEach(async () => {
  for (const sender of children) if (sender.child.exitCode === null && sender.child.signalCode === null) sender.child.kill('SIGKILL')
  await Promise.all(children.map((sender) => sender.exited))
  children = []
  await server?.close()
  server = undefined
})

// One header of a header block as the server kept it (folded lines joined).
const header = (raw: Buffer, name: string) => raw.toString('utf8').replace(/\r\n[ \t]+/g, ' ').match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'))?.[1]?.trim()

// A newsroom with one release published at 06:00Z and `subscribers` instant subscribers in a fresh PostgreSQL store.
async function alertNewsroom() {
  const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {digest: {claimLeaseSeconds: 2}, timeZone: 'UTC'})
  const database = await newStoreLocation('postgres')
  const store = await openStore(database)
  const emails = Array.from({length: subscribers}, (_, index) => `reader${String(index).padStart(5, '0')}@example.org`)
  expect((await importSubscribers(store.db, ['email,frequency', ...emails.map((email) => `${email},instant`)].join('\n') + '\n')).added).toBe(subscribers)
  return {newsroom, database, store, emails}
}

describe('pressroom alerts from two senders sharing one PostgreSQL store', () => {
  it('should send one alert, both processes sharing it, every instant subscriber getting exactly one copy under its stored Message-ID', async () => {
    const {newsroom, database, store, emails} = await alertNewsroom()
    server = await startSmtpTestServer({headersOnly: true, replyDelayMs: 10})
    const start = () => spawnSender(newsroom.dir, server!.url, ['alerts', '--now', '2025-09-15T06:30:00Z', '--connections', String(connections)], {DATABASE_URL: database})
    // Both at once: the second joins the alert the first creates rather than making its own.
    children = [start(), start()]
    const codes = await Promise.all(children.map((sender) => sender.exited))
    expect(codes, children.map((sender) => sender.output()).join('\n---\n')).toEqual([0, 0])

    const alerts = await recentAlerts(store.db, 10)
    expect(alerts).toHaveLength(1)
    const alertId = alerts[0]!.id
    const stored = new Map((await listSends(store.db, alertId)).map((send) => [send.email, send.messageId]))
    const copies = new Map<string, string[]>()
    for (const message of server.accepted) copies.set(message.to, [...(copies.get(message.to) ?? []), header(message.raw, 'Message-ID') ?? ''])
    expect([...copies.keys()].sort()).toEqual(emails)
    for (const [email, ids] of copies) expect(ids).toEqual([stored.get(email)])
    expect(server.accepted.every((message) => header(message.raw, 'X-Possible-Duplicate') === undefined)).toBe(true)
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
})
