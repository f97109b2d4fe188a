import {hostname} from 'node:os'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, listSends} from '../../src/store/digest-store.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {openStore} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {messageHeader, messageIdsByRecipient, startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation} from '../support/test-store.js'
import {runCliAsync} from '../support/run-cli.js'
import {inFlightOf, sentBy, spawnDigest, stopSenders, subscribeReaders, testSecret} from './digest-run.js'

const subscribers = 10_000
const connections = 3
let server: SmtpTestServer | undefined
let children: Array<ReturnType<typeof spawnDigest>> = []
afterEach(async () => {
  await stopSenders(children)
  children = []
  await server?.close()
})

describe('pressroom digest from two senders sharing one PostgreSQL store', () => {
  it('should give every subscriber one copy when one of two senders is killed mid-send, the copies in flight at the kill again under the same Message-ID', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {digest: {claimLeaseSeconds: 2}})
    const database = await newStoreLocation('postgres')
    const store = await openStore(database)
    const emails = Array.from({length: subscribers}, (_, index) => `reader${String(index).padStart(5, '0')}@example.org`)
    expect((await importSubscribers(store.db, ['email', ...emails].join('\n') + '\n')).added).toBe(subscribers)
    // Replies slow enough (over 200 s for the whole digest from one process) that one sender cannot finish alone before
    // the other has started, however loaded the machine; fast once both are sending.
    server = await startSmtpTestServer({headersOnly: true, replyDelayMs: 60})
    const env = {DATABASE_URL: database}
    const start = () => spawnDigest(newsroom.dir, server!.url, ['--now', '2025-09-16T12:00:00Z', '--connections', String(connections)], env)
    // Both at once: the second joins the digest the first creates rather than making its own.
    const [first, second] = [start(), start()]
    children = [first, second]
    const counts = async () => [await sentBy(store.db, first.child.pid), await sentBy(store.db, second.child.pid)] as const
    // Bounded waits until both senders are sending, then well into the send: 6,000 polls of 50 ms at most each. Which
    // of the two gets further first is up to the scheduler, so neither is named the one to kill before then.
    const bothSending = async () => Math.min(...(await counts())) >= 50
    for (let poll = 0; poll < 6000 && !(await bothSending()); poll++) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await bothSending(), children.map((sender) => sender.output()).join('\n---\n')).toBe(true)
    server.setReplyDelay(2)
    const wellInto = async () => (await counts()).reduce((sum, n) => sum + n) >= 1550
    for (let poll = 0; poll < 6000 && !(await wellInto()); poll++) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await wellInto()).toBe(true)
    // The one further along is killed, mid-send, with plenty sent before it and plenty left for the other.
    const [a, b] = await counts()
    const [doomed, survivor] = a >= b ? [first, second] : [second, first]
    doomed.child.kill('SIGKILL')
    await doomed.exited
    const acceptedAtKill = server.accepted.length
    const inFlight = await inFlightOf(store.db, doomed.child.pid)
    expect(inFlight.size).toBeLessThanOrEqual(connections)
    expect(acceptedAtKill).toBeLessThan(subscribers)

    expect(await survivor.exited, survivor.output()).toBe(0)
    const output = survivor.output()
    expect(output).toMatch(/sending digest 1 /)
    // Only the two senders made mailings: the survivor joined the first digest.
    expect((await store.db.get<{n: number}>('SELECT COUNT(*) AS n FROM digests'))?.n).toBe(1)
    const resentLines = output.split('\n').filter((line) => line.includes('in flight at the crash'))
    expect(resentLines).toHaveLength(inFlight.size)

    const stored = new Map((await listSends(store.db, 1)).map((send) => [send.email, send]))
    const copies = messageIdsByRecipient(server.accepted)
    const marked = new Set(server.accepted.filter((message) => messageHeader(message.raw, 'X-Possible-Duplicate') === 'yes').map((message) => message.to))
    expect([...copies.keys()].sort()).toEqual(emails)
    const duplicated = [...copies].filter(([, ids]) => ids.length > 1)
    // A copy can only be doubled if its handoff was in flight at the kill, and then under the Message-ID stored for it.
    expect(duplicated.every(([email]) => inFlight.has(email))).toBe(true)
    for (const [email, ids] of copies) expect(new Set(ids)).toEqual(new Set([stored.get(email)?.messageId]))
    for (const [, ids] of duplicated) expect(ids).toHaveLength(2)
    expect([...marked].every((email) => inFlight.has(email))).toBe(true)
    const status = await digestStatus(store.db, 1)
    expect(status?.counts).toEqual({pending: 0, sending: 0, sent: subscribers, failed: 0, skipped: 0})
    expect(status?.digest.status).toBe('done')
    // The survivor finished the rest, its own share and the one it took over.
    expect(await sentBy(store.db, survivor.child.pid)).toBeGreaterThanOrEqual(subscribers - acceptedAtKill)
    console.info(`two senders: ${acceptedAtKill} of ${subscribers} accepted at the kill, ${inFlight.size} in flight, ${duplicated.length} duplicated`)
    await store.close()
  }, 900_000)
})

describe('pressroom digest from two senders on one SQLite store', () => {
  it('should refuse the second sender in one line that names the first and says where several senders work', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    await subscribeReaders(newsroom.config.database, 40)
    server = await startSmtpTestServer({replyDelayMs: 300})
    const args = ['digest', '--now', '2025-09-16T12:00:00Z', '--connections', '1']
    const first = spawnDigest(newsroom.dir, server.url, args.slice(1))
    children = [first]
    // Bounded wait until the first sender is under way: 1,000 polls of 20 ms at most.
    for (let poll = 0; poll < 1000 && server.accepted.length < 1; poll++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.accepted.length).toBeGreaterThanOrEqual(1)
    const second = await runCliAsync(args, {cwd: newsroom.dir, env: {SMTP_URL: server.url, PRESSROOM_SECRET: testSecret}})
    expect(second.status).toBe(1)
    const lines = second.stderr.trim().split('\n')
    expect(lines[0]).toContain(`Another digest run is sending (process ${first.child.pid} on ${hostname()})`)
    expect(second.stderr).toContain('A SQLite store has one sender at a time')
    expect(second.stderr).toContain('PostgreSQL')
    expect(first.child.exitCode).toBeNull()
  }, 120_000)
})
