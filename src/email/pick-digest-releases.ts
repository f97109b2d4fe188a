import {publishedReleases, type Release} from '../release/release.js'

/** How long before the first digest a release may have first gone public and still be in it, by default: a week. */
export const defaultFirstWindowMs = 7 * 24 * 60 * 60 * 1000

/**
 * The releases of a digest: published at `now` (never drafts or embargoed ones) and first published, as the ledger
 * says, after `since` and by `now`, newest first. Picked by when they went public, never by their date: a release
 * dated before the last digest but published after it is new. A release the ledger does not hold is in no digest.
 */
export function pickDigestReleases(releases: readonly Release[], firstPublished: ReadonlyMap<string, number>, since: number, now: number): Release[] {
  return publishedReleases(releases, now).filter((release) => {
    const at = firstPublished.get(release.id)
    return at !== undefined && at <= now && at > since
  })
}
