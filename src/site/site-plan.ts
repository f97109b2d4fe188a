import type {Config} from '../config/config-schema.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {liquidEngines, type LiquidEngines} from '../liquid/liquid-engines.js'
import type {ListingReadsOf, ListingTemplate, OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'
import {releaseTagGroups} from '../release/tag-groups.js'
import {archivePageParts, archivePages} from './archive-pages.js'
import {homeExtras, homeExtrasShows} from './home-extras.js'
import {listingPageParts, listingPages} from './listing-pages.js'
import {listingReads} from './listing-reads.js'
import {organizationPageParts, organizationPages} from './organization-pages.js'
import {basePathOf} from './page-context.js'
import {releasePageExtras, releasePageExtrasShows, releasesByTag} from './release-page-extras.js'

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
  /** The public folder (absolute), where a release page's media files are found to show their sizes. */
  publicDir?: string
  /**
   * What a listing template in `root` reads, when the caller remembers it from an earlier build; `analyze` finds it by
   * parsing the template. Default: `analyze`.
   */
  readsOf?: ListingReadsOf
}

/**
 * The site's files a rebuild may keep, as data: a page per release, and every index, tag, archive and organization page with
 * what it shows and what its templates read. The topics page, 404 page, sitemap and stylesheet are cheap and written on every build.
 */
export function sitePlan(config: Config, releases: readonly Release[], options: SitePlanOptions = {}): OutputPlan[] {
  const basePath = basePathOf(config)
  const groups = releaseTagGroups(releases)
  const byTag = releasesByTag(groups)
  // A page shows its translations' languages, titles and URLs, its related releases and its media files' sizes: an
  // edit of one of those rewrites the pages that show it.
  const plans: OutputPlan[] = releases.map((release) => ({
    path: release.urlPath,
    kind: 'releasePage',
    shows: [...translationShows(release), ...releasePageExtrasShows(releasePageExtras(release, byTag, config, basePath, options.publicDir))],
    releases: [release]
  }))
  const root = options.templatesDir ?? templatesDir
  // Made only when a template is analysed: a build that renders no listing parses none of theirs.
  let engine: ReturnType<LiquidEngines> | undefined
  const liquid = () => (engine ??= (options.liquidFor ?? liquidEngines())(root))
  const readsOf = (template: ListingTemplate) => {
    const analyze = () => listingReads(liquid(), template)
    return options.readsOf === undefined ? analyze() : options.readsOf(root, template, analyze)
  }
  // Derived once per build, when a listing page is first met: a newsroom without releases still has its index.
  let index: OutputPlan['listing'] | undefined
  let tag: OutputPlan['listing'] | undefined
  const tagReads = () => (tag ??= {reads: readsOf('tag')}).reads
  for (const listing of listingPages(releases, groups, config.pageSize)) {
    const shows = listingPageParts(listing, listing.kind === 'tag' ? tagReads() : undefined)
    if (listing.kind === 'index' && listing.page.number === undefined) shows.push(...homeExtrasShows(homeExtras(releases, groups, basePath)))
    if (listing.kind === 'index') plans.push({path: listing.page.path, kind: 'index', shows, releases: listing.page.items, listing: (index ??= {reads: readsOf('index')})})
    else plans.push({path: listing.page.path, kind: 'tag', shows, releases: listing.page.items, listing: {whole: listing.tag.releases, reads: tagReads()}})
  }
  // The archive's pages are listings too: a new release rewrites its year and month and the root, not the others.
  const archive = {reads: readsOf('archive')}
  for (const page of archivePages(releases)) plans.push({path: page.path, kind: 'archive', shows: archivePageParts(page), releases: page.releases, listing: archive})
  let organization: OutputPlan['listing'] | undefined
  for (const page of organizationPages(releases, config.pageSize)) plans.push({path: page.page.path, kind: 'organization', shows: organizationPageParts(page), releases: page.page.items, listing: (organization ??= {reads: readsOf('organization')})})
  return plans
}
