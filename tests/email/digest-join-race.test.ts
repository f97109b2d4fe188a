import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {interleavedDb} from '../support/interleaved-db.js'
import {messageIdsByRecipient, startSmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation} from '../support/test-store.js'
import {runDigest} from './digest-run.js'

const now = '2025-09-16T12:00:00Z'
const emails = ['reader0@example.org', 'reader1@example.org', 'reader2@example.org']
const opened: Array<{close(): unknown}> = []
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close()
})

const digestCount = async (store: Store) => (await store.db.get<{n: number}>('SELECT COUNT(*) AS n FROM digests'))?.n

describe('pressroom digest with a second host', () => {
  it.each([
    {other: 'creates the digest and stops', ours: emails.length},
    {other: 'sends the whole digest', ours: 0}
  ])('should give each subscriber one copy of one digest when another host $other, however early in this run', async ({other, ours}) => {
    // Another host's digest run slips in before each statement this run makes, in turn, until this run has created the
    // digest first: wherever the other's digest appears, this run joins it or leaves it be.
    let covered = false
    for (let at = 1; at <= 60 && !covered; at++) {
      const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
      const database = await newStoreLocation('postgres')
      const [store, second] = [await openStore(database), await openStore(database)]
      opened.push(store, second)
      expect((await importSubscribers(store.db, ['email', ...emails].join('\n') + '\n')).added).toBe(emails.length)
      const smtp = await startSmtpTestServer({headersOnly: true})
      opened.push(smtp)
      const run = (db: Store['db'], stop?: AbortSignal) => runDigest(newsroom.config, {releasesDir: newsroom.releasesDir, now, cwd: newsroom.dir}, {SMTP_URL: smtp.url}, stop, db)
      const before = async (n: number) => {
        if (n !== at) return
        if ((await digestCount(second)) !== 0) {
          covered = true
          return
        }
        // Stopped as soon as it began, a run creates the digest and sends nothing.
        const theirs = await run(second.db, other.startsWith('creates') ? AbortSignal.abort() : undefined)
        expect(smtp.accepted, theirs.output).toHaveLength(emails.length - ours)
      }
      const result = await run(interleavedDb(store.db, before))
      expect(result.error, result.output).toBeUndefined()
      expect(await digestCount(second), `another host ran before statement ${at}`).toBe(1)
      expect([...messageIdsByRecipient(smtp.accepted)].map(([email, ids]) => [email, ids.length]).sort(), result.output).toEqual(emails.map((email) => [email, 1]))
      for (const resource of opened.splice(0).reverse()) await resource.close()
    }
    expect(covered).toBe(true)
  }, 180_000)
})

describe('pressroom digest beside a build', () => {
  it('should put a release that a build records while the digest reads the ledger in that digest', async () => {
    // A build on the same SQLite store records the release before each statement the digest run makes, in turn, until
    // the run has recorded it itself: wherever the build's record lands, the release is in this digest.
    let covered = false
    for (let at = 1; at <= 60 && !covered; at++) {
      const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
      const [store, second] = [await openStore(newsroom.config.database), await openStore(newsroom.config.database)]
      opened.push(store, second)
      expect((await importSubscribers(store.db, ['email', ...emails].join('\n') + '\n')).added).toBe(emails.length)
      const smtp = await startSmtpTestServer({headersOnly: true})
      opened.push(smtp)
      const before = async (n: number) => {
        if (n !== at) return
        if ((await second.db.get<{n: number}>('SELECT COUNT(*) AS n FROM publications'))?.n !== 0) {
          covered = true
          return
        }
        const built = await build({config: newsroom.config, releasesDir: newsroom.releasesDir, outDir: join(newsroom.dir, 'out'), now: Date.parse(now), cwd: newsroom.dir, workers: 0, ledger: true})
        expect(built.ok).toBe(true)
      }
      const result = await runDigest(newsroom.config, {releasesDir: newsroom.releasesDir, now, cwd: newsroom.dir}, {SMTP_URL: smtp.url}, undefined, interleavedDb(store.db, before))
      expect(result.output, `a build recorded the release before statement ${at}`).toContain('pressroom: digest 1: sent 3, failed 0, skipped 0')
      expect([...messageIdsByRecipient(smtp.accepted)].map(([email, ids]) => [email, ids.length]).sort()).toEqual(emails.map((email) => [email, 1]))
      for (const resource of opened.splice(0).reverse()) await resource.close()
    }
    expect(covered).toBe(true)
  }, 180_000)
})
