import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber, findSubscriber, setSubscriberFrequencies} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCliAsync} from '../support/run-cli.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {testSecret} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** The release ids each recipient got, from the plain-text part of the accepted messages from `from` on. */
async function received(smtp: SmtpTestServer, from: number): Promise<Record<string, string[]>> {
  const byAddress: Record<string, string[]> = {}
  for (const message of smtp.accepted.slice(from)) {
    const mail = await simpleParser(message.raw)
    ;(byAddress[message.to] ??= []).push(...new Set([...(mail.text ?? '').matchAll(/\/releases\/([\w-]+)\//g)].map((match) => match[1] as string)))
  }
  for (const ids of Object.values(byAddress)) ids.sort()
  return byAddress
}

describe('pressroom digest --frequency', () => {
  it('should send the weekly digest only to subscribers whose cadence for the releases is weekly, with a window of its own', async () => {
    const newsroom = await makeDigestNewsroom([
      {date: '2025-09-15', slug: 'ferry-power', tags: ['energy']},
      {date: '2025-09-15', slug: 'quay-budget', tags: ['finance']}
    ], {timeZone: 'UTC'})
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: 'weekly@example.org', frequency: 'weekly'})
    await addSubscriber(store.db, {email: 'daily@example.org'})
    await addSubscriber(store.db, {email: 'instant@example.org', frequency: 'instant'})
    await addSubscriber(store.db, {email: 'mixed@example.org'})
    await setSubscriberFrequencies(store.db, (await findSubscriber(store.db, 'mixed@example.org'))?.id ?? -1, 'daily', {energy: 'weekly'})
    await store.close()
    const smtp = (server = await startSmtpTestServer())
    const cli = (...args: string[]) => runCliAsync(args, {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}})

    const weekly = await cli('digest', '--frequency', 'weekly', '--now', '2025-09-16T12:00:00Z')
    expect(weekly.status).toBe(0)
    expect(weekly.stdout).toContain('digest 1: sent 2, failed 0, skipped 2')
    expect(await received(smtp, 0)).toEqual({'mixed@example.org': ['2025-09-15-ferry-power'], 'weekly@example.org': ['2025-09-15-ferry-power', '2025-09-15-quay-budget']})

    // The daily digest's window does not start at the weekly one: the same releases go to the daily subscribers.
    const daily = await cli('digest', '--now', '2025-09-16T12:05:00Z')
    expect(daily.stdout).toContain('digest 2: sent 2, failed 0, skipped 2')
    expect(await received(smtp, 2)).toEqual({'daily@example.org': ['2025-09-15-ferry-power', '2025-09-15-quay-budget'], 'mixed@example.org': ['2025-09-15-quay-budget']})

    // The next weekly digest starts at the last weekly one.
    const next = await cli('digest', '--frequency', 'weekly', '--now', '2025-09-23T12:00:00Z')
    expect(next.stdout).toBe('pressroom: no new releases since 2025-09-16T12:00:00.000Z; no digest sent\n')
    expect((await cli('digest', '--status', '--frequency', 'weekly')).stdout).toContain('pressroom: digest 1 (2 releases')
    expect(smtp.accepted).toHaveLength(4)
  })
})
