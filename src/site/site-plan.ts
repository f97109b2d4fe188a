import type {Config} from '../config/config-schema.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {liquidEngines, type LiquidEngines} from '../liquid/liquid-engines.js'
import type {OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'
import {releaseTagGroups} from '../release/tag-groups.js'
import {archivePageParts, archivePages} from './archive-pages.js'
import {listingPageParts, listingPages} from './listing-pages.js'
import {listingReads} from './listing-reads.js'

/** What a release page shows of its translation set, as plan data. */
function translationShows(release: Release): string[] {
  return (release.translations ?? []).map((link) => JSON.stringify([link.id, link.language, link.title, link.url, link.isDefault]))
}

/** Options of {@link sitePlan}: the templates the site is written with, as {@link writeSite} takes them. */
export interface SitePlanOptions {
  /** Default: the package's `templates/`. */
  templatesDir?: string
  /** The build's LiquidJS engines, so the templates parsed here are not parsed again to render them. */
  liquidFor?: LiquidEngines
}

/**
 * The site's files a rebuild may keep, as data: a page per release, and every index, tag and archive page with what it shows
 * and what its templates read. The topics page, 404 page, sitemap and stylesheet are cheap and written on every build.
 */
export function sitePlan(config: Config, releases: readonly Release[], options: SitePlanOptions = {}): OutputPlan[] {
  // A page shows its translations' languages, titles and URLs: an edit of one rewrites the pages that link to it.
  const plans: OutputPlan[] = releases.map((release) => ({path: release.urlPath, kind: 'releasePage', shows: translationShows(release), releases: [release]}))
  const liquid = (options.liquidFor ?? liquidEngines())(options.templatesDir ?? templatesDir)
  // Derived once per build, when a listing page is first met: a newsroom without releases still has its index.
  let index: OutputPlan['listing'] | undefined
  let tag: OutputPlan['listing'] | undefined
  for (const listing of listingPages(releases, releaseTagGroups(releases), config.pageSize)) {
    const shows = listingPageParts(listing)
    if (listing.kind === 'index') plans.push({path: listing.page.path, kind: 'index', shows, releases: listing.page.items, listing: (index ??= {reads: listingReads(liquid, 'index')})})
    else plans.push({path: listing.page.path, kind: 'tag', shows, releases: listing.page.items, listing: {whole: listing.tag.releases, reads: (tag ??= {reads: listingReads(liquid, 'tag')}).reads}})
  }
  // The archive's pages are listings too: a new release rewrites its year and month and the root, not the others.
  const archive = {reads: listingReads(liquid, 'archive')}
  for (const page of archivePages(releases)) plans.push({path: page.path, kind: 'archive', shows: archivePageParts(page), releases: page.releases, listing: archive})
  return plans
}
