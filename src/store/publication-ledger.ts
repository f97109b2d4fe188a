import type {Db} from './db.js'

/** A release that is public now, as the ledger sees it. */
export interface PublicRelease {
  /** The release's permanent id, `YYYY-MM-DD-slug`. */
  id: string
  /** The build's cache key of the release: unchanged, the release is unchanged and its file is not read. */
  renderHash: string
  /** The hash of the release file's bytes, asked only when `renderHash` changed or the release is new. */
  sourceHash(): string
  /** The instant the release itself says it is public from (its date, or its embargo's end), ms since the epoch. */
  publicFrom: number
}

/** What one recording added: releases first published now, and releases that changed (new versions). */
export interface LedgerChanges {
  first: Array<{id: string; at: number}>
  changed: Array<{id: string; version: number}>
}

/** A row to write, and why: a first publication, a new version, or only a new cache key of the same bytes. */
type PlannedRow = LedgerRow & {kind: 'first' | 'version' | 'rehash'}

interface LedgerRow {
  release_id: string
  first_published_at: string
  version: number
  source_hash: string
  render_hash: string
}

/** When each release in the ledger first went public, ms since the epoch, by id. */
export async function firstPublished(db: Db): Promise<Map<string, number>> {
  const rows = await db.all('SELECT release_id, first_published_at FROM publications') as Array<Pick<LedgerRow, 'release_id' | 'first_published_at'>>
  return new Map(rows.map((row) => [row.release_id, Date.parse(row.first_published_at)]))
}

/**
 * What recording `releases` as public at `now` would add, without writing it. A release not in the ledger went public
 * at `now`; only while the ledger is empty (a new database, or one from before the ledger) is each release taken at
 * its own instant (at most `now`): when an archive already on the site went public is not known, and taking `now` for
 * all of it would put the whole archive in the first digest.
 */
export async function planPublications(db: Db, releases: readonly PublicRelease[], now: number): Promise<LedgerChanges & {rows: PlannedRow[]}> {
  // Only the keys of every row: a rebuild compares them all, and reads the rest of the few rows that changed.
  const known = new Map((await db.all('SELECT release_id, render_hash FROM publications') as Array<Pick<LedgerRow, 'release_id' | 'render_hash'>>).map((row) => [row.release_id, row.render_hash]))
  const empty = known.size === 0
  const changes: LedgerChanges & {rows: PlannedRow[]} = {first: [], changed: [], rows: []}
  for (const release of releases) {
    const renderHash = known.get(release.id)
    if (renderHash === release.renderHash) continue
    const row = renderHash === undefined ? undefined : (await db.get('SELECT * FROM publications WHERE release_id = ?', release.id) as LedgerRow)
    const sourceHash = release.sourceHash()
    if (!row) {
      const at = empty ? Math.min(release.publicFrom, now) : now
      changes.first.push({id: release.id, at})
      changes.rows.push({kind: 'first', release_id: release.id, first_published_at: new Date(at).toISOString(), version: 1, source_hash: sourceHash, render_hash: release.renderHash})
    } else if (row.source_hash !== sourceHash) {
      changes.changed.push({id: release.id, version: row.version + 1})
      changes.rows.push({...row, kind: 'version', version: row.version + 1, source_hash: sourceHash, render_hash: release.renderHash})
    } else {
      // Rendered differently by a newer pressroom from the same bytes: no new version, only the new cache key.
      changes.rows.push({...row, kind: 'rehash', render_hash: release.renderHash})
    }
  }
  return changes
}

/**
 * Record in the ledger the releases public at `now` that it does not hold yet (first published at `now`), and a new
 * version of each whose file changed, in one transaction. Recording the same releases again adds nothing.
 */
export async function recordPublications(db: Db, releases: readonly PublicRelease[], now: number): Promise<LedgerChanges> {
  const {rows, first, changed} = await planPublications(db, releases, now)
  if (rows.length === 0) return {first, changed}
  const at = new Date(now).toISOString()
  await db.transaction(async () => {
    for (const row of rows) {
      await db.run(
        `INSERT INTO publications (release_id, first_published_at, version, source_hash, render_hash) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (release_id) DO UPDATE SET version = excluded.version, source_hash = excluded.source_hash, render_hash = excluded.render_hash`,
        row.release_id, row.first_published_at, row.version, row.source_hash, row.render_hash
      )
      // A version already there was recorded by another process meanwhile (a build and a digest at once): kept as it was.
      if (row.kind !== 'rehash') {
        await db.run(
          'INSERT INTO publication_versions (release_id, version, source_hash, published_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          row.release_id, row.version, row.source_hash, row.kind === 'first' ? row.first_published_at : at
        )
      }
    }
  })
  return {first, changed}
}

/** Every recorded version of a release, oldest first: its first publication, then each correction. */
export async function publicationVersions(db: Db, releaseId: string): Promise<Array<{version: number; sourceHash: string; publishedAt: string}>> {
  const rows = await db.all('SELECT version, source_hash, published_at FROM publication_versions WHERE release_id = ? ORDER BY version', releaseId) as Array<{version: number; source_hash: string; published_at: string}>
  return rows.map((row) => ({version: row.version, sourceHash: row.source_hash, publishedAt: row.published_at}))
}

/**
 * When the current version of each release in `releases` went public, for those changed since first published: a
 * release whose file changed since the ledger's last version gets `now` (the version recording at `now` will give
 * it), any other its latest recorded version's instant. Reads only: a build asks before it renders, records after.
 */
export async function updatedInstants(db: Db, releases: readonly PublicRelease[], now: number): Promise<Map<string, number>> {
  const updated = new Map<string, number>()
  const rows = await db.all('SELECT v.release_id, v.published_at FROM publication_versions v JOIN publications p ON p.release_id = v.release_id AND p.version = v.version WHERE v.version > 1') as Array<{release_id: string; published_at: string}>
  for (const row of rows) updated.set(row.release_id, Date.parse(row.published_at))
  for (const {id} of (await planPublications(db, releases, now)).changed) updated.set(id, now)
  return updated
}

/** Each release's version in the ledger: a build's new and changed releases are those it moved. */
export async function publishedVersions(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{release_id: string; version: number}>('SELECT release_id, version FROM publications')
  return new Map(rows.map((row) => [row.release_id, row.version]))
}

/** Every release in the ledger with its current version and when that version went public, first published first. */
export async function currentPublications(db: Db): Promise<Array<{release_id: string; version: number; first_published_at: string; published_at: string}>> {
  return db.all(
    `SELECT p.release_id, p.version, p.first_published_at, v.published_at FROM publications p
     JOIN publication_versions v ON v.release_id = p.release_id AND v.version = p.version ORDER BY p.first_published_at, p.release_id`
  )
}

/** The most recently first-published releases, newest first. */
export async function recentPublications(db: Db, limit: number): Promise<Array<{id: string; firstPublishedAt: string; version: number}>> {
  const rows = await db.all<{release_id: string; first_published_at: string; version: number}>(
    'SELECT release_id, first_published_at, version FROM publications ORDER BY first_published_at DESC, release_id LIMIT ?', limit
  )
  return rows.map((row) => ({id: row.release_id, firstPublishedAt: row.first_published_at, version: row.version}))
}
