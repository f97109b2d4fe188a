import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import type {Release} from './release.js'

/**
 * What the publication ledger records of a release that is public: its id, the key the build knows its render by
 * (`renderHash`, which changes whenever the release may have; without one, the hash of the file's bytes stands in),
 * the hash of its file's bytes (read only when asked: the ledger asks only for new or changed releases) and the
 * instant it says it is public from (its date, or its embargo's end when that is later).
 */
export function publicationFacts(release: Release, renderHash: string | undefined, cwd: string): {id: string; renderHash: string; sourceHash(): string; publicFrom: number} {
  let source: string | undefined
  const sourceHash = () => (source ??= createHash('sha256').update(readFileSync(resolve(cwd, release.path))).digest('hex'))
  return {
    id: release.id,
    renderHash: renderHash ?? sourceHash(),
    sourceHash,
    publicFrom: Math.max(release.timestamp, release.embargo ?? Number.NEGATIVE_INFINITY)
  }
}
