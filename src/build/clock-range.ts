import type {ClockRange} from '../cache/up-to-date.js'
import {newsSitemapWindowMs} from '../feeds/news-sitemap.js'
import type {Release} from '../release/release.js'

/** The instants where `now` changes what is published or in the news sitemap: embargoes, publication, two days after. */
export function clockRange(releases: readonly Release[], now: number): ClockRange {
  let validFrom: number | null = null
  let validUntil: number | null = null
  for (const release of releases) {
    for (const instant of [release.embargo, release.timestamp, release.timestamp + newsSitemapWindowMs]) {
      if (instant === undefined) continue
      if (instant <= now && (validFrom === null || instant > validFrom)) validFrom = instant
      if (instant > now && (validUntil === null || instant < validUntil)) validUntil = instant
    }
  }
  return {validFrom, validUntil}
}
