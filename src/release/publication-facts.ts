import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import type {Release} from './release.js'

/**
 * What the publication ledger records of a release that is public: its id, its render key, the hash of its file's
 * bytes (read only when asked: the ledger asks only for new or changed releases) and the instant it says it is public
 * from (its date, or its embargo's end when that is later).
 */
export function publicationFacts(release: Release, cwd: string): {id: string; renderHash: string; sourceHash(): string; publicFrom: number} {
  return {
    id: release.id,
    renderHash: release.contentHash,
    sourceHash: () => createHash('sha256').update(readFileSync(resolve(cwd, release.path))).digest('hex'),
    publicFrom: Math.max(release.timestamp, release.embargo ?? Number.NEGATIVE_INFINITY)
  }
}
