import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {digestStatus, inFlightSends, recentAlerts} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {publicationVersions} from '../../src/store/publication-ledger.js'
import type {SmtpTestServer} from '../support/smtp-test-server.js'
import {readers, sendingNewsroom, spawnSender} from './digest-run.js'

// A release as an editor writes it: dated before it is published, optionally with a correction note.
const releaseText = (title: string, tags: string[], body: string, correction?: string) =>
  ['---', `title: ${title}`, 'dateline: ROTTERDAM, Netherlands', 'date: 2025-09-15T06:00:00Z', 'source: {name: Port Energy Alliance, url: "https://alliance.example.org"}',
    `tags: [${tags.join(', ')}]`, ...(correction ? [`correction: ${JSON.stringify(correction)}`] : []), '---', '', body, ''].join('\n')

/** Subject of each accepted message from `from` on, by recipient. */
async function subjects(smtp: SmtpTestServer, from = 0): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = []
  for (const message of smtp.accepted.slice(from)) out.push([message.to, (await simpleParser(message.raw)).subject ?? ''])
  return out.sort((a, b) => (a.join() < b.join() ? -1 : 1))
}

describe('pressroom alerts', () => {
  it('should alert instant subscribers once per new release, never the archive nor a daily subscriber, and nothing on a second run', async () => {
    const {smtp, cli, ...newsroom} = await sendingNewsroom([{date: '2025-09-10', slug: 'archive-news', tags: ['energy']}], [
      {email: 'instant@example.org', frequency: 'instant'}, {email: 'daily@example.org'}, {email: 'finance-instant@example.org', tags: ['finance'], frequency: 'instant'}
    ], {config: {timeZone: 'UTC'}})

    expect((await cli('build', '--now', '2025-09-15T10:00:00Z')).status).toBe(0)
    const first = await cli('alerts', '--now', '2025-09-15T10:05:00Z')
    expect(first.stdout).toContain('pressroom: no alerts due')
    expect(smtp.accepted).toHaveLength(0)

    await writeFile(join(newsroom.releasesDir, '2025-09-15-ferry-power.md'), releaseText('Forty ferries draw shore power', ['energy'], 'Forty ferries now draw shore power, said the alliance.'))
    await writeFile(join(newsroom.releasesDir, '2025-09-15-quay-budget.md'), releaseText('Quay budget approved', ['energy', 'ports'], 'The quay budget passed, said the alliance.'))
    expect((await cli('build', '--now', '2025-09-15T11:00:00Z')).status).toBe(0)
    const dry = await cli('alerts', '--now', '2025-09-15T11:01:00Z', '--dry-run')
    expect(dry.stdout).toContain('would send alert of 2025-09-15-ferry-power (version 1) to 1 instant subscribers')
    expect(dry.stdout).toContain('2 alerts due; nothing sent or recorded')
    const second = await cli('alerts', '--now', '2025-09-15T11:01:00Z')
    expect(second.status).toBe(0)
    expect(second.stdout).toMatch(/alert \d+ \(2025-09-15-ferry-power\): sent 1, failed 0, skipped 0/)
    expect(await subjects(smtp)).toEqual([
      ['instant@example.org', 'Forty ferries draw shore power'],
      ['instant@example.org', 'Quay budget approved']
    ])

    // Again: nothing more, though the ledger, releases and subscribers are the same.
    const again = await cli('alerts', '--now', '2025-09-15T11:30:00Z')
    expect(again.stdout).toContain('pressroom: no alerts due')
    expect(smtp.accepted).toHaveLength(2)
  })

  it('should send a correction alert once per new correction note, and nothing for a silent edit or one that keeps the note', async () => {
    // Alerts are turned on (05:30Z) before the releases go public (06:00Z); without a build, each alerts run records the ledger itself.
    const {smtp, cli, ...newsroom} = await sendingNewsroom([], [{email: 'instant@example.org', frequency: 'instant'}, {email: 'daily@example.org'}], {config: {timeZone: 'UTC'}})
    const ferry = join(newsroom.releasesDir, '2025-09-15-ferry-power.md')
    const quay = join(newsroom.releasesDir, '2025-09-15-quay-budget.md')
    await writeFile(ferry, releaseText('Forty ferries draw shore power', ['energy'], 'Forty ferries now draw shore power, said the alliance.'))
    await writeFile(quay, releaseText('Quay budget approved', ['ports'], 'The quay budget passed, said the alliance.'))
    expect((await cli('alerts', '--now', '2025-09-15T05:30:00Z')).stdout).toContain('no alerts due')
    expect((await cli('alerts', '--now', '2025-09-15T11:00:00Z')).status).toBe(0)
    expect(smtp.accepted).toHaveLength(2)

    const note = 'An earlier version said thirty ferries.'
    await writeFile(ferry, releaseText('Forty ferries draw shore power', ['energy'], 'Forty ferries now draw shore power, said the alliance on Monday.', note))
    await writeFile(quay, releaseText('Quay budget approved', ['ports'], 'The quay budget passed, the alliance said.'))
    const corrected = await cli('alerts', '--now', '2025-09-15T12:00:00Z')
    expect(corrected.stdout).toMatch(/correction alert \d+ \(2025-09-15-ferry-power\): sent 1, failed 0, skipped 0/)
    expect(await subjects(smtp, 2)).toEqual([['instant@example.org', 'Correction: Forty ferries draw shore power']])
    const correction = await simpleParser(smtp.accepted[2]?.raw ?? Buffer.alloc(0))
    expect(correction.text).toContain(`CORRECTION: ${note}`)
    expect(correction.html).toContain(note)

    await writeFile(ferry, (await readFile(ferry, 'utf8')).replace('on Monday', 'on Monday morning'))
    expect((await cli('alerts', '--now', '2025-09-15T13:00:00Z')).stdout).toContain('pressroom: no alerts due')
    expect(smtp.accepted).toHaveLength(3)

    const status = await cli('alerts', '--status')
    expect(status.stdout.split('\n').filter((line) => line.includes(': done; sent 1, failed 0'))).toHaveLength(3)
    const after = await openStore(newsroom.config.database)
    expect((await recentAlerts(after.db, 10)).map((alert) => [alert.releaseIds[0], alert.releaseVersion, alert.note ?? null])).toEqual([
      ['2025-09-15-ferry-power', 2, note],
      ['2025-09-15-quay-budget', 1, null],
      ['2025-09-15-ferry-power', 1, null]
    ])
    expect((await publicationVersions(after.db, '2025-09-15-ferry-power')).map((version) => version.version)).toEqual([1, 2, 3])
    expect((await publicationVersions(after.db, '2025-09-15-quay-budget')).map((version) => version.version)).toEqual([1, 2])
    await after.close()
  })

  it('should resume after SIGKILL mid-send so every instant subscriber has one alert, a copy in flight at most sent again under its Message-ID', async () => {
    const connections = 3
    const emails = readers(40)
    const {smtp, ...newsroom} = await sendingNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], [...emails.map((email) => ({email, frequency: 'instant' as const})), {email: 'daily@example.org'}], {smtp: {replyDelayMs: 30}})
    const alerts = (now: string) => spawnSender(newsroom.dir, smtp.url, ['alerts', '--now', now, '--connections', String(connections)])

    // Alerts are turned on before the release goes public (06:00Z), so it is no archive.
    const enable = alerts('2025-09-15T05:30:00Z')
    expect(await enable.exited).toBe(0)
    expect(enable.output()).toContain('no alerts due')

    const first = alerts('2025-09-15T12:00:00Z')
    // Bounded wait for some accepted messages: 1,000 polls of 20 ms at most.
    for (let poll = 0; poll < 1000 && smtp.accepted.length < 10; poll++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(smtp.accepted.length).toBeGreaterThanOrEqual(10)
    first.child.kill('SIGKILL')
    await first.exited
    expect(smtp.accepted.length).toBeLessThan(emails.length)
    const killed = await openStore(newsroom.config.database)
    const alertId = (await recentAlerts(killed.db, 1))[0]?.id ?? -1
    const inFlight = (await inFlightSends(killed.db, alertId)).map((send) => send.email)
    await killed.close()
    expect(inFlight.length).toBeLessThanOrEqual(connections)

    const second = alerts('2025-09-15T12:05:00Z')
    expect(await second.exited).toBe(0)
    expect(second.output()).toContain(`resuming alert ${alertId}`)
    const copies = new Map<string, string[]>()
    for (const message of smtp.accepted) {
      const mail = await simpleParser(message.raw)
      copies.set(message.to, [...(copies.get(message.to) ?? []), mail.messageId ?? ''])
    }
    expect([...copies.keys()].sort()).toEqual(emails)
    const duplicated = [...copies].filter(([, ids]) => ids.length > 1)
    expect(duplicated.every(([email, ids]) => inFlight.includes(email) && ids.length === 2 && ids[0] === ids[1])).toBe(true)
    expect(smtp.accepted.length).toBe(emails.length + duplicated.length)

    // A third run finds nothing left.
    const third = alerts('2025-09-15T12:10:00Z')
    expect(await third.exited).toBe(0)
    expect(third.output()).toContain('no alerts due')
    expect(smtp.accepted.length).toBe(emails.length + duplicated.length)
    const after = await openStore(newsroom.config.database)
    expect((await digestStatus(after.db, alertId))?.counts).toMatchObject({sent: emails.length, pending: 0, sending: 0, failed: 0})
    await after.close()
  })

  it('should queue an alert\'s failed recipient again with --retry-failed, under the same Message-ID, and nobody else', async () => {
    const {smtp, cli} = await sendingNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], ['bounce@example.org', 'fine@example.org'].map((email) => ({email, frequency: 'instant' as const})), {
      smtp: {respond: (to, attempt) => (to === 'bounce@example.org' && attempt === 1 ? {code: 550, text: 'mailbox full'} : undefined)}
    })
    expect((await cli('alerts', '--now', '2025-09-15T05:30:00Z')).stdout).toContain('no alerts due')
    const first = await cli('alerts', '--now', '2025-09-15T12:00:00Z')
    expect(first.stdout).toMatch(/alert 1 \(2025-09-15-ferry-charging\): sent 1, failed 1, skipped 0/)
    expect(smtp.accepted.map((message) => message.to)).toEqual(['fine@example.org'])
    const retried = await cli('alerts', '--retry-failed', '--now', '2025-09-15T12:30:00Z')
    expect(retried.stdout).toContain('alert 1: queued 1 failed recipients again')
    expect(retried.stdout).toMatch(/alert 1 \(2025-09-15-ferry-charging\): sent 2, failed 0, skipped 0/)
    expect(smtp.accepted.map((message) => message.to)).toEqual(['fine@example.org', 'bounce@example.org'])
    expect((await simpleParser(smtp.accepted[1]?.raw ?? Buffer.alloc(0))).messageId).toMatch(/^<alert-1\.\d+\.[0-9a-f]{32}@newsroom\.example\.com>$/)
  })
})
