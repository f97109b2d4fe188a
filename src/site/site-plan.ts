import type {Config} from '../config/config-schema.js'
import type {OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'
import {releaseTagGroups} from '../release/tag-groups.js'
import {listingPageParts, listingPages} from './listing-pages.js'

/**
 * The site's files a rebuild may keep, as data: a page per release, and every index and tag page with what it shows.
 * The topics page, 404 page, sitemap and stylesheet are cheap and written on every build.
 */
export function sitePlan(config: Config, releases: readonly Release[]): OutputPlan[] {
  const plans: OutputPlan[] = releases.map((release) => ({path: release.urlPath, kind: 'releasePage', shows: [], releases: [release]}))
  for (const listing of listingPages(releases, releaseTagGroups(releases), config.pageSize)) {
    const shows = listingPageParts(listing)
    if (listing.kind === 'index') plans.push({path: listing.page.path, kind: 'index', shows, releases: listing.page.items, listing: {}})
    else plans.push({path: listing.page.path, kind: 'tag', shows, releases: listing.page.items, listing: {whole: listing.tag.releases}})
  }
  return plans
}
