import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, inFlightSends} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation, type StoreKind} from '../support/test-store.js'
import {spawnDigest, subscribeReaders} from './digest-run.js'

const connections = 3
let server: SmtpTestServer | undefined
afterEach(async () => server?.close())

// Throttled, each claim is its own commit; unthrottled, a claim shares the commit of the worker's previous `sent`. On
// PostgreSQL (through DATABASE_URL, as an operator sets it) each claim is a server transaction under the write lock.
const paces = [
  {pace: 'with --rate', rate: ['--rate', '25'], store: 'sqlite' as StoreKind},
  {pace: 'unthrottled', rate: [], store: 'sqlite' as StoreKind},
  {pace: 'unthrottled', rate: [], store: 'postgres' as StoreKind}
]

describe.each(paces)('pressroom digest after a crash ($pace, $store)', ({rate, store}) => {
  let env: Record<string, string> = {}
  const startDigest = (dir: string, smtpUrl: string, pace: string[]) =>
    spawnDigest(dir, smtpUrl, ['--now', '2025-09-16T12:00:00Z', ...pace, '--connections', String(connections)], env)
  // The newsroom with its store on `store`: config.database is where the test looks, DATABASE_URL where the CLI does.
  const newsroomOn = async (...args: Parameters<typeof makeDigestNewsroom>) => {
    const newsroom = await makeDigestNewsroom(...args)
    if (store === 'sqlite') return newsroom
    const database = await newStoreLocation(store)
    env = {DATABASE_URL: database}
    return {...newsroom, config: {...newsroom.config, database}}
  }

  it('should resume after SIGKILL so every subscriber has one copy, plus at most one same-Message-ID copy per connection in flight', async () => {
    const newsroom = await newsroomOn([
      {date: '2025-09-15', slug: 'ferry-charging'},
      {date: '2025-09-14', slug: 'port-budget'}
    ])
    const emails = await subscribeReaders(newsroom.config.database, 40)
    server = await startSmtpTestServer({replyDelayMs: 30})

    const first = startDigest(newsroom.dir, server.url, rate)
    // Bounded wait for some accepted messages: 1,000 polls of 20 ms at most.
    for (let poll = 0; poll < 1000 && server.accepted.length < 10; poll++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.accepted.length).toBeGreaterThanOrEqual(10)
    first.child.kill('SIGKILL')
    await first.exited
    const acceptedAtKill = server.accepted.length
    expect(acceptedAtKill).toBeLessThan(emails.length)
    const killed = await openStore(newsroom.config.database)
    const inFlight = (await inFlightSends(killed.db, 1)).map((send) => send.email)
    await killed.close()
    expect(inFlight.length).toBeLessThanOrEqual(connections)

    const second = startDigest(newsroom.dir, server.url, rate)
    expect(await second.exited).toBe(0)
    expect(second.output()).toContain('resuming digest 1')
    const resentLines = second.output().split('\n').filter((line) => line.includes('in flight at the crash'))
    expect(resentLines).toHaveLength(inFlight.length)
    for (const email of inFlight) expect(resentLines.some((line) => line.includes(` to ${email} (`))).toBe(true)

    const copies = new Map<string, string[]>()
    const marked = new Set<string>()
    for (const message of server.accepted) {
      const mail = await simpleParser(message.raw)
      copies.set(message.to, [...(copies.get(message.to) ?? []), mail.messageId ?? ''])
      if (mail.headers.get('x-possible-duplicate') === 'yes') marked.add(message.to)
    }
    // Exactly the copies re-sent for an unknown outcome say they may be duplicates.
    expect([...marked].sort()).toEqual([...inFlight].sort())
    expect([...copies.keys()].sort()).toEqual(emails)
    const duplicated = [...copies].filter(([, ids]) => ids.length > 1)
    expect(duplicated.length).toBeLessThanOrEqual(connections)
    // A copy can only be doubled if its handoff was in flight at the kill.
    expect(duplicated.map(([email]) => email).every((email) => inFlight.includes(email))).toBe(true)
    console.info(`crash test: ${acceptedAtKill} accepted before the kill, ${inFlight.length} in flight, ${duplicated.length} duplicated`)
    for (const [email, ids] of duplicated) {
      expect(ids).toHaveLength(2)
      expect(ids[1]).toBe(ids[0])
      expect(second.output()).toMatch(new RegExp(`re-sending digest 1 to ${email.replace(/\./g, '\\.')} \\(${ids[0]?.replace(/\./g, '\\.')}\\): its handoff was in flight at the crash`))
    }
    expect(server.accepted.length).toBe(emails.length + duplicated.length)
    if (inFlight.length > 0) expect(second.output()).toContain(`, re-sent as possible duplicates ${inFlight.length}`)
    const after = await openStore(newsroom.config.database)
    expect((await digestStatus(after.db))?.counts).toMatchObject({sent: emails.length, pending: 0, sending: 0, failed: 0})
    await after.close()
  })

  it('should stop on SIGTERM after the handoffs in flight, exit 130, and leave nothing to re-send', async () => {
    const newsroom = await newsroomOn([{date: '2025-09-15', slug: 'ferry-charging'}])
    const emails = await subscribeReaders(newsroom.config.database, 30)
    server = await startSmtpTestServer({replyDelayMs: 30})
    const first = startDigest(newsroom.dir, server.url, rate)
    for (let poll = 0; poll < 1000 && server.accepted.length < 5; poll++) await new Promise((resolve) => setTimeout(resolve, 20))
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(130)
    expect(first.output()).toContain('stopping after the messages in flight')
    const stopped = await openStore(newsroom.config.database)
    expect(await inFlightSends(stopped.db, 1)).toEqual([])
    await stopped.close()
    const second = startDigest(newsroom.dir, server.url, rate)
    expect(await second.exited).toBe(0)
    expect(second.output()).not.toContain('in flight at the crash')
    expect(server.accepted.map((message) => message.to).sort()).toEqual(emails)
  })
})
