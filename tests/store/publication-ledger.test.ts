import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {openStore} from '../../src/store/open-store.js'
import {publicationVersions, recordPublications, updatedInstants} from '../../src/store/publication-ledger.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCli} from '../support/run-cli.js'
import {newStoreLocation, openTestStore, storeKinds, type StoreKind} from '../support/test-store.js'

/** The ledger as the database holds it: each release's first publication, version and hash. */
async function readLedger(database: string) {
  const store = await openStore(database)
  try {
    const rows = await store.db.all<{release_id: string; first_published_at: string; version: number; source_hash: string}>('SELECT release_id, first_published_at, version, source_hash FROM publications ORDER BY release_id')
    const ledger = []
    for (const row of rows) ledger.push({...row, versions: (await publicationVersions(store.db, row.release_id)).map((entry) => `${entry.version}@${entry.publishedAt}`)})
    return ledger
  } finally {
    await store.close()
  }
}

/** A newsroom with its store of `kind`; the CLI finds a PostgreSQL store through DATABASE_URL. */
async function newsroomOn(kind: StoreKind, ...args: Parameters<typeof makeDigestNewsroom>) {
  const newsroom = await makeDigestNewsroom(...args)
  if (kind === 'sqlite') return {...newsroom, env: {} as Record<string, string>}
  const database = await newStoreLocation(kind)
  return {...newsroom, config: {...newsroom.config, database}, env: {DATABASE_URL: database} as Record<string, string>}
}

describe.each(storeKinds)('the publication ledger (%s)', (kind) => {
  it('should give each changed release the instant its current version went public, and a file changed since the build now', async () => {
    const store = await openTestStore(kind)
    try {
      const fact = (id: string, hash: string) => ({id, renderHash: `render-${hash}`, sourceHash: () => `source-${hash}`, publicFrom: Date.parse('2025-09-01T00:00:00Z')})
      const [first, second, third] = [Date.parse('2025-09-02T00:00:00Z'), Date.parse('2025-09-03T00:00:00Z'), Date.parse('2025-09-04T00:00:00Z')]
      await recordPublications(store.db, [fact('a', '1'), fact('b', '1')], first)
      expect(await updatedInstants(store.db, [fact('a', '1'), fact('b', '1')], second)).toEqual(new Map())
      await recordPublications(store.db, [fact('a', '2'), fact('b', '1')], second)
      // `a` keeps the instant of its recorded version; `b`, edited since, gets the build's clock, which recording will give it.
      expect(await updatedInstants(store.db, [fact('a', '2'), fact('b', '2')], third)).toEqual(new Map([['a', second], ['b', third]]))
    } finally {
      await store.close()
    }
  })

  it('should record new releases at the build that first published them, nothing for a rebuild, and a new version for an edit', async () => {
    const newsroom = await newsroomOn(kind, [{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    const cli = (...args: string[]) => {
      const result = runCli(args, {cwd: newsroom.dir, env: newsroom.env})
      expect(result.status, result.stderr).toBe(0)
      return result
    }
    cli('build', '--now', '2025-09-16T12:00:00Z')
    // The first recording of a newsroom takes each release's own instant: it was on the site before the ledger.
    expect((await readLedger(newsroom.config.database)).map((row) => [row.release_id, row.first_published_at, row.versions])).toEqual([
      ['2025-09-15-ferry-charging', '2025-09-15T06:00:00.000Z', ['1@2025-09-15T06:00:00.000Z']]
    ])

    const backDated = join(newsroom.releasesDir, '2025-09-10-back-dated.md')
    await writeFile(backDated, '---\ntitle: Back-dated port news\ndateline: ROTTERDAM, Netherlands\nsource: Port Energy Alliance\n---\n\nThe quay reopens.\n')
    cli('build', '--now', '2025-09-16T13:00:00Z')
    const recorded = await readLedger(newsroom.config.database)
    expect(recorded.map((row) => [row.release_id, row.first_published_at, row.version])).toEqual([
      ['2025-09-10-back-dated', '2025-09-16T13:00:00.000Z', 1],
      ['2025-09-15-ferry-charging', '2025-09-15T06:00:00.000Z', 1]
    ])

    // Nothing new published: an up-to-date build, and one that renders and writes everything again.
    expect(cli('build', '--now', '2025-09-16T13:30:00Z').stdout).toContain('nothing changed')
    cli('build', '--now', '2025-09-16T13:45:00Z', '--no-cache')
    expect(await readLedger(newsroom.config.database)).toEqual(recorded)

    await writeFile(backDated, (await readFile(backDated, 'utf8')).replace('The quay reopens.', 'The quay reopens on Monday.'))
    cli('build', '--now', '2025-09-16T14:00:00Z')
    const edited = (await readLedger(newsroom.config.database))[0]
    expect(edited).toMatchObject({release_id: '2025-09-10-back-dated', first_published_at: '2025-09-16T13:00:00.000Z', version: 2})
    expect(edited?.source_hash).not.toBe(recorded[0]?.source_hash)
    expect(edited?.versions).toEqual(['1@2025-09-16T13:00:00.000Z', '2@2025-09-16T14:00:00.000Z'])
  })

  it('should record a scheduled release at the first build after its date, though no file changed, and never one held back', async () => {
    const newsroom = await newsroomOn(kind, [
      {date: '2025-09-15', slug: 'ferry-charging'},
      {date: '2025-09-18', slug: 'scheduled'},
      {date: '2025-09-14', slug: 'embargoed', embargo: '2025-09-17T10:00:00Z'},
      {date: '2025-09-14', slug: 'draft', draft: true}
    ], {timeZone: 'UTC'})
    const ids = async () => (await readLedger(newsroom.config.database)).map((row) => [row.release_id, row.first_published_at])
    expect(runCli(['build', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir, env: newsroom.env}).status).toBe(0)
    expect(await ids()).toEqual([['2025-09-15-ferry-charging', '2025-09-15T06:00:00.000Z']])
    expect(runCli(['build', '--now', '2025-09-17T12:00:00Z'], {cwd: newsroom.dir, env: newsroom.env}).status).toBe(0)
    expect(await ids()).toEqual([['2025-09-14-embargoed', '2025-09-17T12:00:00.000Z'], ['2025-09-15-ferry-charging', '2025-09-15T06:00:00.000Z']])
    expect(runCli(['build', '--now', '2025-09-18T12:00:00Z'], {cwd: newsroom.dir, env: newsroom.env}).status).toBe(0)
    expect(await ids()).toEqual([
      ['2025-09-14-embargoed', '2025-09-17T12:00:00.000Z'],
      ['2025-09-15-ferry-charging', '2025-09-15T06:00:00.000Z'],
      ['2025-09-18-scheduled', '2025-09-18T12:00:00.000Z']
    ])
  })

  it('should record nothing for a preview build, which publishes nothing', async () => {
    const newsroom = await newsroomOn(kind, [{date: '2025-09-15', slug: 'ferry-charging'}])
    const result = await build({config: newsroom.config, releasesDir: newsroom.releasesDir, outDir: join(newsroom.dir, 'preview'), cwd: newsroom.dir, now: Date.parse('2025-09-16T12:00:00Z'), workers: 0, preview: true, ledger: true})
    expect(result.ok).toBe(true)
    if (kind === 'sqlite') expect(existsSync(newsroom.config.database)).toBe(false)
    else expect(await readLedger(newsroom.config.database)).toEqual([])
  })
})
