import type {Db} from './open-store.js'
import {planPublications, type PublicRelease} from './publication-ledger.js'

/** A release's version as the ledger has it, or will once this build is recorded, with when it and the first were public. */
export interface LedgerVersion {
  version: number
  /** ISO 8601 instants. */
  firstPublishedAt: string
  versionPublishedAt: string
}

/**
 * The version each of `releases` has once this build, at `now`, is recorded: what the ledger holds for an unchanged
 * one, the next version for a changed one, 1 for a new one. Written before the outputs that show it (NewsML-G2), the
 * ledger itself only after the swap, so it is planned here without writing.
 */
export async function ledgerVersions(db: Db, releases: readonly PublicRelease[], now: number): Promise<Map<string, LedgerVersion>> {
  const stored = await db.all(`SELECT p.release_id, p.version, p.first_published_at, v.published_at FROM publications p
       LEFT JOIN publication_versions v ON v.release_id = p.release_id AND v.version = p.version`) as Array<{release_id: string; version: number; first_published_at: string; published_at: string | null}>
  const versions = new Map<string, LedgerVersion>()
  for (const row of stored) versions.set(row.release_id, {version: row.version, firstPublishedAt: row.first_published_at, versionPublishedAt: row.published_at ?? row.first_published_at})
  const at = new Date(now).toISOString()
  for (const row of (await planPublications(db, releases, now)).rows) {
    if (row.kind === 'first') versions.set(row.release_id, {version: 1, firstPublishedAt: row.first_published_at, versionPublishedAt: row.first_published_at})
    else if (row.kind === 'version') versions.set(row.release_id, {version: row.version, firstPublishedAt: row.first_published_at, versionPublishedAt: at})
  }
  return versions
}
