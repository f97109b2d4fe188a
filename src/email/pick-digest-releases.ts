import {publishedReleases, type Release} from '../release/release.js'

/** When a release became public: its date, or the end of its embargo when that came later. */
export function publishedAt(release: Pick<Release, 'timestamp' | 'embargo'>): number {
  return Math.max(release.timestamp, release.embargo ?? Number.NEGATIVE_INFINITY)
}

/**
 * The releases of a digest: published at `now` (never drafts or embargoed ones) and made public after `since`,
 * newest first. An embargo lifted after the last digest counts as new even when the release is dated before it.
 */
export function pickDigestReleases(releases: readonly Release[], since: number | undefined, now: number): Release[] {
  return publishedReleases(releases, now).filter((release) => {
    const at = publishedAt(release)
    return at <= now && (since === undefined || at > since)
  })
}
