import {readFileSync, writeFileSync} from 'node:fs'
import {listingEntryTemplate, type ListingReads, type ListingReadsOf} from '../plan/output-plan.js'
import {pressroomVersion} from './build-stamp.js'
import {templateClosureHash} from './template-closure.js'

/** What the listing templates read, remembered in the build cache by the templates' closure (see {@link openListingReadsMemo}). */
export interface ListingReadsMemo {
  /** What the template `kind` in `root` reads: remembered for its closure, else found by `analyze` and remembered. */
  readsOf: ListingReadsOf
  /** Write what this build found, when it found anything new; only this build's entries are kept. */
  save(): void
}

type Entries = Record<string, ListingReads>

/**
 * The listing reads of the last build, in `file`: finding them parses and analyses the index, tag, archive and organization templates
 * with their partials, which a build that writes none of those pages (an edit of a release body) has no other use for.
 * Keyed by each template's closure hash and the entry partial's, the same hashes the outputs' keys take for it, and
 * pressroom's version (the analysis is ours): a changed template or partial is analysed again.
 */
export function openListingReadsMemo(file: string, options: {fresh?: boolean} = {}): ListingReadsMemo {
  let known: Entries = {}
  // `--no-cache` trusts nothing of the last build: it analyses again, and remembers that for the next.
  if (options.fresh !== true) try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    if (typeof parsed === 'object' && parsed !== null) known = parsed as Entries
  } catch {
    // None yet, or damaged: found again.
  }
  const used: Entries = {}
  let changed = false
  // The site's plan and its writer both ask: the second is answered without hashing the templates again.
  const thisBuild = new Map<string, ListingReads>()
  return {
    readsOf(root, kind, analyze) {
      const asked = `${root}\0${kind}`
      const earlier = thisBuild.get(asked)
      if (earlier !== undefined) return earlier
      // The entry partial too: what it reads, every listing that prints `release.entry` shows (see `listingReads`).
      const key = `${pressroomVersion}\0${kind}\0${templateClosureHash(root, kind)}\0${templateClosureHash(root, listingEntryTemplate)}`
      const found = known[key]
      const valid = found !== undefined && typeof found.bodies === 'boolean' && typeof found.updated === 'boolean' && typeof found.tagReleases === 'boolean'
      if (!valid) changed = true
      const reads = (used[key] = valid ? found : analyze())
      thisBuild.set(asked, reads)
      return reads
    },
    save() {
      if (changed || Object.keys(used).length !== Object.keys(known).length) writeFileSync(file, JSON.stringify(used))
    }
  }
}
