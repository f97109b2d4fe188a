import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {alertsEnabledAt} from '../../src/store/alert-settings.js'
import {summarizeTables} from '../../src/store/copy-store.js'
import {createDigest, markFailed, markSent, markSentAndClaimNext, claimNext} from '../../src/store/digest-store.js'
import {schemaVersion} from '../../src/store/migrate-store.js'
import {openStore, type Db} from '../../src/store/open-store.js'
import {recordPublications} from '../../src/store/publication-ledger.js'
import {acquireRunLock} from '../../src/store/run-lock.js'
import {anchorSchedule, claimFire, finishFire, recordDeploy, requestDeploy} from '../../src/store/schedule-store.js'
import {acquireSendLock} from '../../src/store/send-lock.js'
import {addSubscriber, listSubscribers, noteConfirmationRequest, removeSubscriber, setSubscriberFrequencies} from '../../src/store/subscriber-store.js'
import {defaultSoftBouncePolicy, recordDeliveryEvent} from '../../src/store/suppression-store.js'
import {runCli} from '../support/run-cli.js'
import {newStoreLocation} from '../support/test-store.js'

const now = Date.parse('2025-09-16T12:00:00Z')

/** A newsroom's worth of every kind of row: subscribers, suppressions, consents, a digest and its send log, a bounce, the ledger, schedule rows and leases. */
async function fillNewsroom(db: Db): Promise<void> {
  for (let index = 0; index < 25; index++) await addSubscriber(db, {email: `reader${index}@example.org`, name: `Reader ${index}`, tags: index % 2 ? ['energy'] : []}, {consent: 'add', now})
  await removeSubscriber(db, 'reader3@example.org', {now})
  await removeSubscriber(db, 'never-subscribed@example.org', {now})
  await addSubscriber(db, {email: 'pending@example.org'}, {status: 'pending', now})
  const pending = (await listSubscribers(db, {status: 'pending'}))[0]!
  await noteConfirmationRequest(db, pending.id, 'hash-of-token', {now, choice: {tags: ['ports'], frequency: 'weekly'}})
  await setSubscriberFrequencies(db, 2, 'instant', {energy: 'weekly'}, {now})
  await recordPublications(db, [{id: '2025-09-15-ferry-charging', renderHash: 'r1', sourceHash: () => 's1', publicFrom: now - 86_400_000}], now)
  await recordPublications(db, [{id: '2025-09-15-ferry-charging', renderHash: 'r2', sourceHash: () => 's2', publicFrom: now - 86_400_000}], now + 1000)
  const digest = await createDigest(db, {
    since: undefined, until: new Date(now).toISOString(), releaseIds: ['2025-09-15-ferry-charging'],
    messageId: (digestId, subscriberId) => `<${digestId}.${subscriberId}@newsroom.example>`, skipReason: () => undefined, now
  }, () => listSubscribers(db))
  let send = await claimNext(db, digest.id, {now})
  for (let sent = 0; send && sent < 10; sent++) send = await markSentAndClaimNext(db, digest.id, send.subscriberId, '250 2.0.0 OK', {now})
  if (send) await markFailed(db, digest.id, send.subscriberId, '550 5.1.1 no such mailbox', {now})
  await markSent(db, digest.id, 1, '250 2.0.0 OK again', {now})
  // A hard bounce of that copy: the evidence row and the suppression it causes.
  await recordDeliveryEvent(db, {
    kind: 'hard-bounce', digestId: digest.id, subscriberId: 1, messageId: `<${digest.id}.1@newsroom.example>`, reportMessageId: '<dsn-1@mx.example.org>',
    statusCode: '5.1.1', diagnostic: '550 5.1.1 user unknown', source: 'bounces/dsn-1.eml', evidenceKey: '<dsn-1@mx.example.org> reader0@example.org hard-bounce'
  }, defaultSoftBouncePolicy, now)
  await alertsEnabledAt(db, now, {record: true})
  const deploy = await requestDeploy(db, ['2025-09-15-ferry-charging'], now)
  await recordDeploy(db, deploy.id, {exitCode: 0, durationMs: 1234, outputTail: 'uploaded', ok: true}, now)
  await anchorSchedule(db, 'daily@0 8 * * *', now)
  await claimFire(db, 'daily@0 8 * * *', now - 3_600_000, now)
  await finishFire(db, 'daily@0 8 * * *', now - 3_600_000, 0)
  await acquireSendLock(db, {host: 'mail-1', pid: 4242, runId: 'run-a'}, () => true, () => now)
  await acquireRunLock(db, {host: 'mail-1', pid: 4243, runId: 'run-b'}, () => true, () => now)
}

async function summaryOf(location: string) {
  const store = await openStore(location)
  try {
    return await summarizeTables(store.db)
  } finally {
    await store.close()
  }
}

describe('pressroom db copy', () => {
  it('should round-trip a newsroom from SQLite to PostgreSQL and back with the same rows and checksum in every table, and say what it copied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-copy-'))
    const sqlite = join(dir, 'data', 'pressroom.db')
    const store = await openStore(sqlite)
    await fillNewsroom(store.db)
    await store.close()
    const original = await summaryOf(sqlite)
    // Every table of the schema holds rows, so the comparison below checks each of them.
    expect(original.filter((table) => table.rows === 0)).toEqual([])
    expect(original.map((table) => table.table)).toEqual(expect.arrayContaining(['subscribers', 'consents', 'digests', 'sends', 'publications', 'publication_versions', 'deploys', 'digest_schedules', 'digest_fires', 'send_lock', 'run_lock', 'alert_settings', 'delivery_events', 'suppressions']))

    const postgres = await newStoreLocation('postgres')
    const there = runCli(['db', 'copy', '--from', sqlite, '--to', postgres], {cwd: dir})
    expect(there.status, there.stderr).toBe(0)
    const lines = there.stdout.trim().split('\n')
    expect(lines).toContain('  subscribers: 27 rows')
    expect(lines).toContain('  sends: 27 rows')
    expect(lines.at(-1)).toMatch(/^pressroom: copied \d+ rows in 14 tables from .+ to postgres:\/\/pressroom@127\.0\.0\.1:\d+\/test_\w+; counts and checksums match$/)
    expect(await summaryOf(postgres)).toEqual(original)

    const back = join(dir, 'back', 'pressroom.db')
    const home = runCli(['db', 'copy', '--from', postgres, '--to', back], {cwd: dir})
    expect(home.status, home.stderr).toBe(0)
    expect(await summaryOf(back)).toEqual(original)

    // The copy goes on working: PostgreSQL's ids continue after the copied rows.
    const copied = await openStore(postgres)
    try {
      expect(await addSubscriber(copied.db, {email: 'after-the-move@example.org'})).toBe('added')
      expect((await listSubscribers(copied.db)).find((subscriber) => subscriber.email === 'after-the-move@example.org')?.id).toBe(28)
    } finally {
      await copied.close()
    }
  })

  it('should refuse to copy into a store that holds rows, and leave both as they were', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-copy-'))
    const sqlite = join(dir, 'pressroom.db')
    const postgres = await newStoreLocation('postgres')
    for (const location of [sqlite, postgres]) {
      const store = await openStore(location)
      await addSubscriber(store.db, {email: `${location === sqlite ? 'file' : 'server'}@example.org`})
      await store.close()
    }
    const before = await summaryOf(postgres)
    const result = runCli(['db', 'copy', '--from', sqlite, '--to', postgres], {cwd: dir})
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('The target store is not empty: table `subscribers` has 1 rows')
    expect(await summaryOf(postgres)).toEqual(before)
  })

  it('should say in one line that PostgreSQL cannot be reached, without the password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-copy-'))
    const result = runCli(['db', 'copy', '--from', join(dir, 'pressroom.db'), '--to', 'postgres://pressroom:s3cret-pw@127.0.0.1:1/newsroom'], {cwd: dir})
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^pressroom: Could not connect to the PostgreSQL database postgres:\/\/pressroom:\*\*\*@127\.0\.0\.1:1\/newsroom: .*\[DATABASE_UNAVAILABLE\]$/m)
    expect(result.stderr + result.stdout).not.toContain('s3cret-pw')
  })

  it('should migrate the configured PostgreSQL store given in DATABASE_URL and say its schema version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-copy-'))
    const postgres = await newStoreLocation('postgres')
    await writeFile(join(dir, 'pressroom.config.json'), JSON.stringify({title: 'Example Newsroom', baseUrl: 'https://newsroom.example.com', language: 'en', timeZone: 'UTC', distributor: 'Example'}))
    const result = runCli(['db', 'migrate'], {cwd: dir, env: {DATABASE_URL: postgres}})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toBe(`pressroom: ${postgres}: schema version ${schemaVersion} (the newest this pressroom knows is ${schemaVersion})\n`)
  })
})
