import {statSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {resolve} from 'node:path'
import type {RenderConfig} from '../config/render-config.js'
import {loadRelease} from '../release/load-release.js'
import {holdReason, type Release} from '../release/release.js'
import {finishDigest, listSends, markSkipped} from '../store/digest-store.js'
import type {Db} from '../store/open-store.js'

/** Why a recipient of a digest gets nothing when none of its releases is still published. */
export const unpublishedReason = 'its releases are no longer published'

/**
 * The releases of an interrupted digest that are still published at `at`, in the digest's order; the ids of those that
 * are not (a draft again, embargoed again, or their file deleted or broken); and all of them that still have a file.
 */
export function stillPublished(releaseIds: readonly string[], releases: readonly Release[], at: number): {kept: Release[]; dropped: string[]; found: Release[]} {
  const byId = new Map(releases.map((release) => [release.id, release]))
  const kept: Release[] = []
  const dropped: string[] = []
  const found: Release[] = []
  for (const id of releaseIds) {
    const release = byId.get(id)
    if (release) found.push(release)
    if (release && holdReason(release, at) === undefined) kept.push(release)
    else dropped.push(id)
  }
  return {kept, dropped, found}
}

/**
 * Close a digest that has nothing left to send: every recipient still pending (or in flight at a crash) is skipped
 * with `reason`, in one transaction, so the next digest can start. Resolves to how many were skipped.
 */
export async function closeDigest(db: Db, digestId: number, reason: string): Promise<number> {
  return db.transaction(async () => {
    const open = [...(await listSends(db, digestId, 'pending')), ...(await listSends(db, digestId, 'sending'))]
    for (const send of open) await markSkipped(db, digestId, send.subscriberId, send.state === 'sending' ? `${reason} (in flight at the crash, so perhaps delivered)` : reason)
    await finishDigest(db, digestId)
    return open.length
  })
}

/** How long a check of the release files holds: each message would otherwise stat every file of the digest. */
const recheckEveryMs = 100

/**
 * A source of the digest's releases that are published right now, asked before each message: it looks at each
 * release file (size and modification time) at most every {@link recheckEveryMs}, and reads again only a file that
 * changed. A release whose file is gone, no longer a valid release, a draft or embargoed again is dropped for the
 * rest of the run; `onDrop` is told once for each.
 */
export function watchDigestReleases(options: {
  releases: readonly Release[]
  config: RenderConfig
  cwd: string
  /** The instant publication is judged at (an embargo lifted by then counts as lifted). */
  at: () => number
  onDrop: (release: Release, why: string) => void
}): () => readonly Release[] | Promise<readonly Release[]> {
  const stamp = (release: Release) => {
    const info = statSync(resolve(options.cwd, release.path), {throwIfNoEntry: false})
    return info ? `${info.size}/${info.mtimeMs}` : undefined
  }
  const seen = new Map(options.releases.map((release) => [release.id, stamp(release)]))
  let current: readonly Release[] = options.releases
  let checkedAt = Date.now()
  let checking: Promise<readonly Release[]> | undefined
  const publishedNow = (release: Pick<Release, 'draft' | 'embargo' | 'timestamp'>) => {
    const hold = holdReason(release, options.at())
    return hold === undefined ? undefined : hold.kind === 'draft' ? 'it is a draft again' : hold.kind === 'embargo' ? 'it is embargoed again' : 'its date moved into the future'
  }
  const keep = (whys: ReadonlyArray<string | undefined>) => {
    current = current.filter((release, index) => {
      const why = whys[index]
      if (why !== undefined) options.onDrop(release, why)
      return why === undefined
    })
    checkedAt = Date.now()
    return current
  }
  // The message keeps the text the run started with: only whether the release may still go out is read again.
  const reread = async (release: Release, now: string | undefined): Promise<string | undefined> => {
    if (now === undefined) return 'its file was deleted'
    seen.set(release.id, now)
    const path = resolve(options.cwd, release.path)
    const loaded = await loadRelease(path, await readFile(path), options.config).catch(() => undefined)
    if (!loaded?.release) return 'its file is no longer a valid release'
    return publishedNow(loaded.release)
  }
  return () => {
    if (checking) return checking
    if (Date.now() - checkedAt < recheckEveryMs) return current
    const stamps = current.map(stamp)
    // Synchronous while no file changed, so a message waits for nothing; a changed file is read again, once.
    if (stamps.every((now, index) => now === seen.get((current[index] as Release).id))) return keep(current.map(publishedNow))
    checking = Promise.all(current.map((release, index) => (stamps[index] === seen.get(release.id) ? publishedNow(release) : reread(release, stamps[index]))))
      .then(keep)
      .finally(() => (checking = undefined))
    return checking
  }
}
