import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {eventLoopTurn} from '../event-loop-turn.js'
import {feedLinks, feedPaths} from '../links/feed-links.js'
import {searchPagePath, searchShards} from '../links/search-paths.js'
import {formatDisplayDateInOffset} from '../release/display-date.js'
import {formatInOffset} from '../release/iso-date.js'
import {publishedReleases, type Release} from '../release/release.js'
import {chromeString, loadCatalogues} from '../liquid/chrome-strings.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {liquidEngines, type LiquidEngines} from '../liquid/liquid-engines.js'
import {releaseTagGroups, type TagGroup} from '../release/tag-groups.js'
import {archivePages, archivePath} from './archive-pages.js'
import {archiveView} from './archive-view.js'
import {homeExtras} from './home-extras.js'
import {listingPages} from './listing-pages.js'
import {listingReads} from './listing-reads.js'
import {organizationPages} from './organization-pages.js'
import {listingEntryTemplate, type ListingReads, type ListingReadsOf, type ListingTemplate} from '../plan/output-plan.js'
import {basePathOf, pageHead, siteView} from './page-context.js'
import {pageHref} from './page-href.js'
import type {Page} from './paginate.js'
import {releasePageWriter, type ReleasePageJob, type ReleasePageWriter} from './render-release-page.js'
import {releasePageExtras, releasesByTag} from './release-page-extras.js'
import {alternatesOf, organizationPath, releaseView, tagPath, withListingEntry, type ReleaseView, type ViewParts} from './release-view.js'
import {robotsTxt, sitemapPath} from './robots-txt.js'
import {writeSiteIcons} from './site-icons.js'
import {newsroomCardImage} from './social-image.js'
import {sitemapXml, type SitemapEntry} from './sitemap-xml.js'

/** What the site reads of a build, and what the build lends it. */
export interface SiteContext {
  config: Config
  /** Published releases only (no drafts, no embargoed ones), newest first. */
  releases: readonly Release[]
  /** The folder to write into: a temporary folder that is swapped in for `out/` when the whole build succeeded. */
  outDir: string
  /** The build's clock, ms since the epoch (`--now`). Never written into outputs, so rebuilds are byte-identical. */
  now: number
  /** Site paths of pages the last build wrote whose inputs are unchanged since: already in place, so not written. */
  unchanged?: ReadonlySet<string>
  /** Writes the release pages that changed, e.g. on worker threads; default: one after the other on this thread. */
  writeReleasePages?: ReleasePageWriter
  /** The build's LiquidJS engines, shared with {@link writeReleasePages}, so each template is parsed once per build. */
  liquidFor?: LiquidEngines
}

/** Options of {@link writeSite}, for tests and for newsrooms that keep their own templates. */
export interface WriteSiteOptions {
  /** Where `layout.liquid`, `release.liquid`, … and `styles.css` are. Default: the package's `templates/`. */
  templatesDir?: string
  /** What the listing templates read, as the site's plan found it (default: found in them here). */
  readsOf?: ListingReadsOf
}

/** Write the newsroom site (release pages, paginated index, tag and organization pages, archive pages, sitemap, robots.txt, stylesheet, 404) into `outDir`. */
export async function writeSite(context: SiteContext, options: WriteSiteOptions = {}): Promise<void> {
  const {config, outDir} = context
  const root = options.templatesDir ?? templatesDir
  const liquidFor = context.liquidFor ?? liquidEngines()
  const liquid = liquidFor(root)
  const basePath = basePathOf(config)
  // First: the icon may be missing from the public folder, a config problem to stop at before any page is written.
  const site = siteView(config, basePath, writeSiteIcons(config, basePath, outDir))
  // The listing pages' titles, in the site's language as the rest of those pages.
  const catalogues = loadCatalogues(join(root, 'strings'))
  const words = (key: string, values?: Record<string, unknown>) => chromeString(catalogues, config.language, key, values)
  // The context holds published releases only; filtering again costs nothing and an embargo leak is not undoable.
  const published = publishedReleases(context.releases, context.now)
  // Views are made when a page shows them: a rebuild writes a handful of the listing pages, and none of the others.
  // One maker for each set of parts views are asked with (listing entries hold only what their templates read).
  const viewMakers = new Map<string, (release: Release) => ReleaseView>()
  const viewsWith = (parts: ViewParts) => {
    const shape = `${parts.body}:${parts.updated}`
    let of = viewMakers.get(shape)
    if (of === undefined) {
      const made = new Map<Release, ReleaseView>()
      viewMakers.set(shape, (of = (release: Release) => {
        let view = made.get(release)
        if (!view) made.set(release, (view = withEntry(releaseView(release, config, basePath, parts))))
        return view
      }))
    }
    return of
  }
  // A release's entry in the listings (`release.entry`), drawn when a page first shows it and kept with its view: a
  // release is in the index, its topics', its organization's and the archive's listings, and Liquid drawing the same
  // card in each was most of what writing them cost.
  const drawEntry = (view: ReleaseView) => render(listingEntryTemplate, {release: view}).trim()
  const withEntry = (view: ReleaseView): ReleaseView => withListingEntry(view, drawEntry)
  const viewOf = viewsWith({body: true, updated: true})
  // What the listing templates read, found in them as the site's plan finds it (see `sitePlan`): they are handed
  // nothing more, so a page kept while what its key leaves out changed is still the page this build would write.
  // Found when a page of the kind is first written: a build that keeps every listing page parses none of their templates.
  const found: Partial<Record<ListingTemplate, ListingReads>> = {}
  const readsOf = (kind: ListingTemplate) => (found[kind] ??= options.readsOf === undefined ? listingReads(liquid, kind) : options.readsOf(root, kind, () => listingReads(liquid, kind)))
  const entryViewOf = ({bodies, updated}: ListingReads) => viewsWith({body: bodies, updated})
  const indexEntry = (release: Release) => entryViewOf(readsOf('index'))(release)
  const tagEntry = (release: Release) => entryViewOf(readsOf('tag'))(release)
  const archiveEntry = (release: Release) => entryViewOf(readsOf('archive'))(release)
  const organizationEntry = (release: Release) => entryViewOf(readsOf('organization'))(release)
  /** Render and write an index or tag page. */
  const writeListing = async (path: string, template: string, data: object) => {
    write(path, render(template, data))
    // The page threads' replies get in between listings (hundreds of them in a big newsroom), not only after the last.
    await eventLoopTurn()
  }
  const sitemap: SitemapEntry[] = []
  // Synchronous, as every write of a build: awaited, each of the three or four steps of a write was a trip to the thread
  // pool with this thread idle meanwhile, a visible part of a one-edit rebuild.
  const write = (path: string, text: string) => {
    const file = join(outDir, path.endsWith('/') ? path + 'index.html' : path)
    mkdirSync(dirname(file), {recursive: true})
    writeFileSync(file, text)
  }
  // Synchronous too (see renderReleasePage): an async render resolved a promise for every tag and output.
  const render = (template: string, data: object) => liquid.renderFileSync(template, {site, ...data}) as string

  const pages: ReleasePageJob[] = []
  const groups = releaseTagGroups(published)
  const byTag = releasesByTag(groups)
  for (const release of published) {
    sitemap.push({loc: release.url, lastmod: release.updatedAt === undefined ? release.date : formatInOffset(release.updatedAt, release.offsetMinutes), ...(release.translations ? {alternates: alternatesOf(release)} : {})})
    // Media sizes are read from the out folder, which holds the public folder's files by now.
    if (!context.unchanged?.has(release.urlPath)) pages.push({release, file: join(outDir, release.urlPath, 'index.html'), extras: releasePageExtras(release, byTag, config, basePath, outDir)})
  }
  // Release pages may be written on other threads: the listings are rendered here meanwhile.
  let pageFailure: {error: unknown} | undefined
  const releasePages = (context.writeReleasePages ?? releasePageWriter(config, liquidFor))(pages, root).catch((error: unknown) => {
    pageFailure = {error}
  })
  try {
    await writeListings()
  } finally {
    // Nothing may still be writing into the folder when a failure has it thrown away.
    await releasePages
  }
  if (pageFailure) throw pageFailure.error
  write(sitemapPath, sitemapXml(sitemap))
  write('/robots.txt', robotsTxt(config))

  /** Index, tag, archive and organization pages, the topics page, the 404 page and the stylesheet. */
  async function writeListings() {
    const newest = published[0]?.date
    for (const listing of listingPages(published, groups, config.pageSize)) {
      const {page} = listing
      if (listing.kind === 'index') {
        sitemap.push(entry(config, page.path, page.items[0]?.date))
        if (context.unchanged?.has(page.path)) continue
        const title = page.number === undefined ? config.title : words('page-title-numbered', {title: config.title, number: page.number})
        // The home page is shared with the newsroom's own card; later pages are not shared as the newsroom.
        // The first page features a release and lists the topics and organizations; its entries are the rest.
        const home = page.number === undefined ? homeExtras(published, groups, basePath) : undefined
        const entries = home ? page.items.filter((release) => release !== home.featured) : page.items
        const extras = home ? {featured: home.featured && indexEntry(home.featured), topics: home.topics, organizations: home.organizations} : {}
        await writeListing(page.path, 'index', {releases: entries.map(indexEntry), ...extras, pagination: pagination(page, basePath, config.language), page: {...pageHead(config, title, feedLinks(config), page), ...(page.number === undefined ? {socialImage: newsroomCardImage(config)} : {})}})
      } else {
        sitemap.push(entry(config, page.path, page.items[0]?.date))
        if (context.unchanged?.has(page.path)) continue
        const tag = tagView(listing.tag, basePath, tagEntry, readsOf('tag').tagReleases)
        const title = `${page.number === undefined ? tag.name : words('page-title-numbered', {title: tag.name, number: page.number})} | ${config.title}`
        const data = {tag, releases: page.items.map(tagEntry), pagination: pagination(page, basePath, config.language, listing.tag.releases.length), page: pageHead(config, title, feedLinks(config, {tag: tag.name}), page)}
        await writeListing(page.path, 'tag', data)
      }
    }
    for (const archivePage of archivePages(published)) {
      sitemap.push(entry(config, archivePage.path, archivePage.level === 'root' ? newest : archivePage.releases[0]?.date))
      if (context.unchanged?.has(archivePage.path)) continue
      const archive = archiveView(archivePage, config.language, basePath, archivePath)
      const title = `${archive.level === 'root' ? words('archive') : words('archive-of', {name: archive.name})} | ${config.title}`
      await writeListing(archivePage.path, 'archive', {archive, releases: archivePage.releases.map(archiveEntry), pagination: {first: true}, page: pageHead(config, title, feedLinks(config), {path: archivePage.path})})
    }

    const tags = groups.map((group) => tagView(group, basePath, viewOf))
    write('/tags/', render('tags', {tags, page: pageHead(config, `${words('topics')} | ${config.title}`, feedLinks(config), {path: '/tags/'})}))
    sitemap.push(entry(config, '/tags/', newest))

    // Paginated as the tags are: a new release rewrites its organizations' first and newest numbered pages only.
    for (const {organization, page} of organizationPages(published, config.pageSize)) {
      sitemap.push(entry(config, page.path, page.items[0]?.date))
      if (context.unchanged?.has(page.path)) continue
      const path = organizationPath(organization.slug)
      // Its logo and feed as links of the page: root-relative, so they load wherever the site is served.
      const logo = organization.logo === undefined ? {} : {logo: pageHref(organization.logo, config.baseUrl)}
      const title = `${page.number === undefined ? organization.name : words('page-title-numbered', {title: organization.name, number: page.number})} | ${config.title}`
      const data = {organization: {...organization, ...logo, href: basePath + path, feedHref: basePath + feedPaths.organization(organization.slug)}, releases: page.items.map(organizationEntry), pagination: pagination(page, basePath, config.language)}
      await writeListing(page.path, 'organization', {...data, page: pageHead(config, title, feedLinks(config, {organization}), page)})
    }

    // Written on every build, like the 404 page: it names the bundle of each shard published now.
    const search = {bundles: searchShards(published, config.timeZone).map((shard) => ({language: shard.language, href: basePath + shard.path})), script: `${basePath}/search.js`, archiveHref: `${basePath}/archive/`}
    write(searchPagePath, render('search', {search, page: pageHead(config, `${words('search-title')} | ${config.title}`, feedLinks(config), {path: searchPagePath})}))
    copyFileSync(join(root, 'search.js'), join(outDir, 'search.js'))

    write('/404.html', render('404', {page: {...pageHead(config, `${words('not-found-title')} | ${config.title}`, feedLinks(config)), noindex: true}}))
    copyFileSync(join(root, 'styles.css'), join(outDir, 'styles.css'))
  }
}

/**
 * The pager a listing template shows under its entries, and what a numbered page says it holds (the dates of its
 * newest and oldest entries, in the site's `language` as the rest of the page, each as its own dateline reads). No page
 * count: it would change every page of a listing with each new release. `total` (a tag's size) is handed to the first
 * page only, for the same reason.
 */
function pagination(page: Page<Release>, basePath: string, language: string, total?: number) {
  const dateOf = (release: Release | undefined) => release && formatDisplayDateInOffset(release.timestamp, release.offsetMinutes, language)
  return {
    first: page.number === undefined,
    ...(page.number === undefined ? (total === undefined ? {} : {total}) : {number: page.number, newest: dateOf(page.items[0]), oldest: dateOf(page.items.at(-1))}),
    newerHref: page.previousPath ? basePath + page.previousPath : '',
    olderHref: page.nextPath ? basePath + page.nextPath : ''
  }
}

function entry(config: Config, path: string, lastmod: string | undefined): SitemapEntry {
  return lastmod ? {loc: config.baseUrl + path, lastmod} : {loc: config.baseUrl + path}
}

/**
 * A tag as the tag templates see it: its name, slug, releases (as views) and the link to its first page. Without
 * `withReleases` its list holds only its size: a tag page whose templates read no more is keyed by its own entries.
 */
function tagView(group: TagGroup<Release>, basePath: string, viewOf: (release: Release) => ReleaseView, withReleases = true) {
  const releases = withReleases ? lazyViews(group.releases, viewOf) : (new Array(group.releases.length) as readonly ReleaseView[])
  return {name: group.name, slug: group.slug, releases, href: basePath + tagPath(group.name)}
}

/**
 * Releases that read as their views, each made on first access. The topics page is written on every build and shows
 * how many releases each tag has: it should not need a view of every release in the newsroom for that.
 */
function lazyViews(releases: readonly Release[], viewOf: (release: Release) => ReleaseView): readonly ReleaseView[] {
  return new Proxy(releases as unknown as ReleaseView[], {
    get(target, property, receiver) {
      if (typeof property === 'string' && isIndex(property)) {
        const release = releases[Number(property)]
        return release && viewOf(release)
      }
      if (property === Symbol.iterator) return () => releases.map(viewOf)[Symbol.iterator]()
      return Reflect.get(target, property, receiver) as unknown
    }
  })
}

const isIndex = (property: string) => property !== '' && property.length < 16 && /^(?:0|[1-9]\d*)$/.test(property)
