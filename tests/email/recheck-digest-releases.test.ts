import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, listSends} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {readers, spawnDigest, subscribeReaders} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => server?.close())

/** Bounded wait (1,000 polls of 20 ms at most) until the server has accepted `count` messages. */
async function waitForAccepted(count: number) {
  for (let poll = 0; poll < 1000 && (server?.accepted.length ?? 0) < count; poll++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(server?.accepted.length).toBeGreaterThanOrEqual(count)
}

/** Start a digest, SIGKILL it once a few messages went out, and return how many had by then. */
async function crashDigest(dir: string, args: string[]) {
  const first = spawnDigest(dir, server?.url as string, args)
  await waitForAccepted(5)
  first.child.kill('SIGKILL')
  await first.exited
  return server?.accepted.length as number
}

const texts = async (messages: NonNullable<typeof server>['accepted']) => Promise.all(messages.map(async (message) => {
  const mail = await simpleParser(message.raw)
  return `${mail.subject}\n${mail.text}\n${mail.html || ''}`
}))

const edit = async (file: string, change: (text: string) => string) => writeFile(file, change(await readFile(file, 'utf8')))

describe('a digest whose releases stop being published', () => {
  it.each([
    {change: 'made a draft again', front: 'draft: true'},
    {change: 'embargoed again', front: 'embargo: 2999-01-01T00:00:00Z'}
  ])('should leave a release $change after a crash out of every message the resumed run sends', async ({front}) => {
    const newsroom = await makeDigestNewsroom([
      {date: '2025-09-15', slug: 'ferry-charging', tags: ['energy']},
      {date: '2025-09-14', slug: 'port-budget', tags: ['ports']}
    ])
    const everything = readers(30)
    // Added last, so they are still pending at the crash: their one release is the one pulled back.
    const portsOnly = ['ports1@example.org', 'ports2@example.org']
    const store = await openStore(newsroom.config.database)
    for (const email of everything) await addSubscriber(store.db, {email})
    for (const email of portsOnly) await addSubscriber(store.db, {email, tags: ['ports']})
    await store.close()
    server = await startSmtpTestServer({replyDelayMs: 30})
    const args = ['--now', '2025-09-16T12:00:00Z', '--connections', '2']
    const atKill = await crashDigest(newsroom.dir, args)

    await edit(join(newsroom.releasesDir, '2025-09-14-port-budget.md'), (text) => text.replace('tags: [ports]', `tags: [ports]\n${front}`))
    const second = spawnDigest(newsroom.dir, server.url, args)
    expect(await second.exited).toBe(0)
    expect(second.output()).toContain('digest 1: left out 2025-09-14-port-budget: no longer published')
    const resumed = await texts(server.accepted.slice(atKill))
    expect(resumed.length).toBeGreaterThan(10)
    for (const text of resumed) {
      expect(text).not.toContain('port-budget')
      expect(text).toContain('Harbour news for ferry-charging')
    }
    expect(server.accepted.map((message) => message.to)).not.toEqual(expect.arrayContaining([portsOnly[0]]))
    const after = await openStore(newsroom.config.database)
    expect((await digestStatus(after.db))?.counts).toMatchObject({pending: 0, sending: 0})
    expect((await listSends(after.db, 1, 'skipped')).map((send) => [send.email, send.lastError])).toEqual(portsOnly.map((email) => [email, 'its releases are no longer published']))
    await after.close()
  })

  it('should leave out a release embargoed again while the digest is being sent, from the next messages on', async () => {
    const newsroom = await makeDigestNewsroom([
      {date: '2025-09-15', slug: 'ferry-charging'},
      {date: '2025-09-14', slug: 'port-budget'}
    ])
    const store = await openStore(newsroom.config.database)
    for (let index = 0; index < 16; index++) await addSubscriber(store.db, {email: `reader${String(index).padStart(2, '0')}@example.org`})
    await store.close()
    server = await startSmtpTestServer()
    const run = spawnDigest(newsroom.dir, server.url, ['--now', '2025-09-16T12:00:00Z', '--connections', '1', '--rate', '6'])
    await waitForAccepted(3)
    await edit(join(newsroom.releasesDir, '2025-09-14-port-budget.md'), (text) => text.replace('tags: [energy]', 'tags: [energy]\nembargo: 2999-01-01T00:00:00Z'))
    const editedAt = server.accepted.length
    expect(await run.exited).toBe(0)
    expect(run.output()).toContain('digest 1: left out 2025-09-14-port-budget from here on: it is embargoed again')
    const all = await texts(server.accepted)
    expect(all.slice(0, 3).every((text) => text.includes('port-budget'))).toBe(true)
    // One message may have been built before the edit: with one connection, at most one is in the works at a time.
    const later = all.slice(editedAt + 1)
    expect(later.length).toBeGreaterThanOrEqual(8)
    for (const text of later) expect(text).not.toContain('port-budget')
    expect(server.accepted).toHaveLength(16)
  })

  it('should close by itself an interrupted digest whose release files were deleted, say so, and send the next one', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    const emails = await subscribeReaders(newsroom.config.database, 30)
    server = await startSmtpTestServer({replyDelayMs: 30})
    const atKill = await crashDigest(newsroom.dir, ['--now', '2025-09-16T12:00:00Z'])
    await rm(join(newsroom.releasesDir, '2025-09-15-ferry-charging.md'))
    const later = join(newsroom.releasesDir, '2025-09-17-quay-extension.md')
    await writeFile(later, '---\ntitle: Quay extension opens\ndateline: ROTTERDAM, Netherlands\ndate: 2025-09-17T08:00:00+02:00\nsource: Port Energy Alliance\ntags: [energy]\n---\n\nThe quay is open.\n')

    const second = spawnDigest(newsroom.dir, server.url, ['--now', '2025-09-18T12:00:00Z'])
    expect(await second.exited).toBe(0)
    expect(second.output()).toContain('pressroom: digest 1: left out 2025-09-15-ferry-charging: no longer published')
    expect(second.output()).toMatch(/pressroom: digest 1 closed: its releases are no longer published; 0 pending \(\d+ skipped\)/)
    expect(second.output()).toContain('sending digest 2 (1 release) to 30 subscribers')
    const check = await openStore(newsroom.config.database)
    expect((await digestStatus(check.db, 1))?.digest.status).toBe('done')
    expect((await digestStatus(check.db, 1))?.counts).toMatchObject({pending: 0, sending: 0})
    expect((await digestStatus(check.db, 2))?.counts).toMatchObject({sent: 30, pending: 0})
    await check.close()
    const afterKill = await texts(server.accepted.slice(atKill))
    expect(afterKill).toHaveLength(30)
    for (const text of afterKill) {
      expect(text).toContain('Quay extension opens')
      expect(text).not.toContain('ferry-charging')
    }
  })
})
