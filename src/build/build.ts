import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {VFile} from 'vfile'
import type {BuildStep} from './build-progress.js'
import {renderStamp} from '../cache/build-stamp.js'
import {releaseHashes, updatedMark, type ReleaseHashes} from '../cache/output-keys.js'
import {releaseWith} from '../cache/cached-release.js'
import {CacheCorruptError, openRenderCache} from '../cache/render-cache.js'
import {forgetUpToDate, rememberBuild, snapshotInputs, type BuildInputs, type InputsSnapshot} from '../cache/up-to-date.js'
import {writeOutDir, type FirstOutput} from './write-out-dir.js'
import {loadOrganizations} from '../release/load-organizations.js'
import {organizationsDirOf} from '../release/organization.js'
import type {Config} from '../config/config-schema.js'
import type {OutputContext} from './output-context.js'
import {clockRange} from './clock-range.js'
import {forEachInFlight} from './for-each-in-flight.js'
import {minPooledFiles, renderReleases} from './render-releases.js'
import {createRenderPool} from './render-pool.js'
import {releasePageWriter, type ReleasePageWriter} from '../site/render-release-page.js'
import {liquidEngines, type LiquidEngines} from '../liquid/liquid-engines.js'
import {holdReason, newestFirst, type HoldReason, type ImageRenditions, type Release} from '../release/release.js'
import {linkRenditions, processImages} from '../images/process-images.js'
import {cacheDirOf, imageStoreDir} from './cache-dir-of.js'
import {checkTranslations, translationLinks} from '../release/link-translations.js'
import {checkMediaFiles, reportUnreadableImages} from '../release/check-media-files.js'
import {hasFatal, report} from '../report/report.js'
import {relativePath} from '../release/find-release-files.js'
import {emailPreviewDir, emailPreviewFiles, emailPreviewPaths, emailPreviewPlan} from '../email/email-preview-paths.js'
import {feedsPlan, writeFeeds} from '../feeds/write-feeds.js'
import type {NewsmlVersion} from '../newsml/newsml-item.js'
import type {PublicRelease} from '../store/publication-ledger.js'
import {newsmlPlan, writeNewsml} from '../newsml/write-newsml.js'
import {searchPlan, writeSearchIndex, type SearchOptions} from '../search/write-search-index.js'
import type {OutputPlan} from '../plan/output-plan.js'
import {sitePlan} from '../site/site-plan.js'
import {writeSite} from '../site/write-site.js'
import {checkOutDir, type ProjectFolders} from './check-out-dir.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {checkChromeStrings} from '../liquid/check-chrome-strings.js'
import {openCardStore} from '../cache/card-store.js'
import {openSearchRecordStore} from '../cache/search-record-store.js'
import {openListingReadsMemo, type ListingReadsMemo} from '../cache/listing-reads-memo.js'
import {cardSource, type CardSource} from '../cards/card-facts.js'
import {cardsPlan, writeCards, type CardsOptions} from '../cards/write-cards.js'
import {ownCardIds} from '../links/card-links.js'

/** What a build needs: all of it explicit, so tests and previews can inject the clock and folders. */
export interface BuildOptions {
  config: Config
  releasesDir: string
  outDir: string
  /** The clock that decides embargoes, ms since the epoch. */
  now: number
  cwd?: string
  /** Static files copied as they are into the output (images of Media Snippets). */
  publicDir?: string
  /** `pressroom dev` only: write held-back releases too (still listed in `held`, so the preview can mark them). */
  preview?: boolean
  /**
   * The build cache in `.pressroom-cache/` beside the out folder: `reuse` renders only what changed, `rebuild` renders
   * everything and writes a fresh cache (`--no-cache`). Default: no cache at all.
   */
  cache?: 'reuse' | 'rebuild'
  /** Where that cache is, when not beside the out folder (the preview's, which outlives its temporary out folder). */
  cacheDir?: string
  /** Worker threads that render big newsrooms; default one per core, 0 renders on this thread. */
  workers?: number
  /** The inputs' snapshot when the caller took one before anything was read (see `inspectInputs`). */
  snapshot?: InputsSnapshot
  /** The config file, whose folder the out folder may not hold (the CLI's; default: none). */
  configFile?: string
  /**
   * Record what this build published in the publication ledger of the config's `database` (created if need be), once
   * the new out folder is in place: `pressroom build` does; previews never do (they publish nothing).
   */
  ledger?: boolean
  /** Called as release files are checked, then as release pages are written: `done` of `total`. */
  onProgress?: (done: number, total: number, step: BuildStep) => void
  /**
   * Called as soon as the build finds it renders or writes the pages of at least {@link minPooledFiles} releases
   * (the work it starts worker threads for): a cold build, a changed template. The CLI tightens the heap's growth then;
   * a build that reuses nearly everything (an edit, a CI deploy of one new release) keeps V8's own heuristic.
   */
  onBulkWork?: () => void
}

/** What a build did: every file that has messages, with them; what went out and what was held back. */
export interface BuildResult {
  ok: boolean
  files: VFile[]
  published: Release[]
  held: Array<{release: Release; reason: HoldReason}>
  /** Release files rendered in this build (the others came from the cache). */
  rendered: number
  /** Image work: images whose renditions were made, or found stored, and the calls to sharp that took. */
  images: {made: number; reused: number; sharpCalls: number}
  /** Social cards drawn in this build (the others were kept or came from the cache). */
  cards: number
  /** Of those, the cards drawn by a writer that began while the search index was being written (the two overlap). */
  cardsBesideSearch: number
  /** Search records extracted in this build (the others came from the cache, or the whole index was kept). */
  searchRecords: number
  /** Shards (`<language>/<quarter>`) of the search index Pagefind built in this build (the others came from the cache, or were kept). */
  searchShards: string[]
  /** How many times release files were read: each new or changed file once to key and render it, and only for that. */
  filesRead: number
}

export {cacheDirOf} from './cache-dir-of.js'

/** Composition root: load and check every release, write every output into a staging folder, swap it in. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // The first damage the cache met in this build: templates read cached bodies on use, and LiquidJS wraps what they
  // throw, so the cache tells of it here rather than the error reaching this far recognisably.
  let damage: CacheCorruptError | undefined
  const noteDamage = (error: CacheCorruptError) => void (damage ??= error)
  try {
    return await buildOnce(options, noteDamage)
  } catch (error) {
    if (error instanceof CacheCorruptError) noteDamage(error)
    // A cache that fails its checksums mid-build is thrown away: the build runs again from the sources alone.
    if (damage !== undefined && options.cache === 'reuse') return buildOnce({...options, cache: 'rebuild'}, noteDamage)
    throw error
  }
}

async function buildOnce(options: BuildOptions, onDamage: (error: CacheCorruptError) => void): Promise<BuildResult> {
  const workers = options.workers ?? availableParallelism()
  let bulk = false
  const onBulk = () => {
    if (!bulk) options.onBulkWork?.()
    bulk = true
  }
  const cwd = options.cwd ?? process.cwd()
  const publicDir = options.publicDir
  // Before anything is read or cached: a cache beside an out folder inside `releases/` would already write there.
  checkOutDir(options.outDir, cwd, projectFolders(options.releasesDir, publicDir, options.configFile))
  const inputs: BuildInputs = {config: options.config, releasesDir: options.releasesDir, outDir: options.outDir, cwd, ...(publicDir === undefined ? {} : {publicDir})}
  // Taken before anything is read: a file saved during the build then differs next time, and is built again.
  const snapshot = options.cache === undefined || options.preview === true ? undefined : (options.snapshot ?? snapshotInputs(inputs))
  const cacheDir = options.cacheDir === undefined ? cacheDirOf(options.outDir, cwd) : resolve(cwd, options.cacheDir)
  const cache = options.cache === undefined ? undefined : openRenderCache(join(cacheDir, 'renders'), renderStamp(options.config), {fresh: options.cache === 'rebuild', onDamage})
  // Read before the releases, which name them; their problems are reported with the releases'.
  const {files: organizationFiles, organizations} = loadOrganizations(organizationsDirOf(options.releasesDir), cwd, options.config.baseUrl)
  const {files: releaseFiles, releases, rendered, hashes, sourceHashes, filesRead} = await renderReleases({
    config: options.config,
    organizations,
    releasesDir: options.releasesDir,
    cwd,
    workers,
    onBulk,
    ...(cache ? {cache} : {}),
    ...(snapshot ? {seenFiles: snapshot.releaseFiles} : {}),
    ...(options.onProgress ? {onProgress: (done: number, total: number) => options.onProgress?.(done, total, 'check')} : {})
  })
  cache?.save()
  const files = [...organizationFiles, ...releaseFiles]
  checkTranslations(releases, files)
  if (publicDir !== undefined) checkMediaFiles(releases, files, publicDir, cwd)
  const published: Release[] = []
  const held: BuildResult['held'] = []
  for (const release of [...releases].sort(newestFirst)) {
    const reason = holdReason(release, options.now)
    if (reason) held.push({release, reason})
    // The writers re-check holds (an embargo leak cannot be undone), so a preview hands them copies that are released:
    // a scheduled one is listed as if it went out now.
    if (!reason) published.push(release)
    else if (options.preview === true) published.push(releaseWith(release, {draft: false, embargo: undefined, timestamp: Math.min(release.timestamp, options.now)}))
  }
  if (hasFatal(files)) return {ok: false, files, published: [], held, rendered, images: noImageWork, cards: 0, cardsBesideSearch: 0, searchRecords: 0, searchShards: [], filesRead}
  // Each page links its published translations: known only now that every release is, so added to the releases here.
  const links = translationLinks(published, options.config.language)
  for (const [index, release] of published.entries()) {
    const set = links.get(release)
    if (set) published[index] = releaseWith(release, {translations: set})
  }
  // Only the newest releases get a card of their own (drawing one is slow); a page's og:image says which it has.
  const ownCards = ownCardIds(published, options.config.cards.recent)
  for (const [index, release] of published.entries()) {
    if (ownCards.has(release.id)) published[index] = releaseWith(release, {ownCard: true})
  }
  files.push(...checkChromeStrings(templatesDir, [options.config.language, ...published.map((release) => release.language)], cwd))
  // What the ledger is told of each release, taken before the copies below (which carry when they were updated) and
  // kept for recording after the swap: it knows a release by its render's key, and each new or changed file is hashed
  // once for both.
  const ledgered = options.ledger === true && options.preview !== true
  const ledgerReads = {count: 0}
  const facts = ledgered ? await ledgerFacts(published, hashes, sourceHashes, cwd, ledgerReads) : []
  const ledger = ledgered ? await readLedger(options.config, facts, options.now, cwd) : undefined
  if (ledger) markUpdated(published, ledger.updates)

  // After the checks: a release with a missing file stops the build before any image work.
  const images = publicDir === undefined ? undefined : await processImages({releases: published, publicDir, cwd, cacheDir: imageStoreDir(cacheDir), fresh: options.cache === 'rebuild'})
  if (images) attachRenditions(published, images.bySitePath)
  // Served as it is, but said: `check` decodes the same images and says the same.
  if (images) reportUnreadableImages(published, files, images.unreadable)

  // One engine per templates folder for the whole build: the site writer and the release pages share what it parsed.
  const liquidFor = liquidEngines()
  // A build that keeps the ledger numbers each NewsML-G2 item by it; a preview, which publishes nothing, by 1.
  const newsmlVersions = ledger?.versions
  // What each card shows, found once for the plans and the writer; cards drawn before are kept in the build cache.
  const cards = cardSource(options.config, publicDir, cwd)
  let drawn = 0
  let drawnBesideSearch = 0
  const searching = {now: false, cardsBeside: false}
  const store = options.cache === undefined ? undefined : openCardStore(join(cacheDir, 'cards'))
  // `--no-cache` draws every card again, and keeps what it drew for the next build.
  const cardsOptions: CardsOptions = {source: cards, fontDir: join(cacheDir, 'card-fonts'), onRender: () => void (drawn++, searching.cardsBeside && drawnBesideSearch++), ...(store === undefined ? {} : {store: options.cache === 'rebuild' ? {...store, read: () => undefined} : store})}
  // Search records by the release's render: an edit extracts the edited release's alone. `--no-cache` extracts all.
  let searchRecords = 0
  const stamp = renderStamp(options.config)
  const searchShards: string[] = []
  const searchStore = options.cache === undefined ? undefined : openSearchRecordStore(join(cacheDir, 'search'))
  const searchOptions: SearchOptions = {
    onExtract: () => void searchRecords++,
    onIndex: (shard) => void searchShards.push(shard),
    // With the render stamp: a config field that renders (the wire dateline's distributor, the time zone) changes the
    // bodies without changing a release's own hash.
    renderKeyOf: (release) => {
      const content = hashes.get(release.id)?.content
      return content === undefined ? undefined : `${stamp}:${content}`
    },
    ...(searchStore === undefined ? {} : {store: options.cache === 'rebuild' ? {...searchStore, load: () => new Map(), copyBundle: () => false} : searchStore})
  }
  const listingReadsMemo = options.cache === undefined ? undefined : openListingReadsMemo(join(cacheDir, 'listing-reads.json'), {fresh: options.cache === 'rebuild'})
  await writeOutDir({
    config: options.config,
    releases: published,
    outDir: options.outDir,
    cwd,
    now: options.now,
    ...(publicDir === undefined ? {} : {publicDir}),
    writers: outputWriters(emailPreviewDir(cacheDir), images?.files, cardsOptions, searching, listingReadsMemo),
    first: searchOutput(searchOptions, searching),
    plans: (config, list) => outputPlans(config, list, liquidFor, cards, newsmlVersions, publicDir === undefined ? undefined : resolve(cwd, publicDir), listingReadsMemo),
    ...(newsmlVersions === undefined ? {} : {newsmlVersions}),
    // By id: a preview's copy of a held-back release is known by the hashes of the release it copies.
    hashesOf: (release) => withOwnCard(withImages(withUpdated(hashes.get(release.id), release), release), release),
    writeReleasePages: withBulkNotice(withPageProgress(workers < 1 ? releasePageWriter(options.config, liquidFor) : pooledPageWriter(options.config, workers, liquidFor), options.onProgress), onBulk),
    liquidFor,
    // A preview keeps unchanged pages too: without, every save in `pressroom dev` rewrote every page, however few it
    // changed. It writes held-back releases, so its manifest is marked as a preview's and a real build never
    // starts from it, though the keys alone would already keep a held-back page out.
    ...(options.cache === undefined ? {} : {cacheDir, reuse: options.cache === 'reuse', preview: options.preview === true}),
    beforeChange: () => {
      if (options.cache !== undefined) forgetUpToDate(inputs)
    },
    onPublicFileReplaced: (file) => {
      const warned = new VFile({path: relativePath(cwd, join(resolve(cwd, publicDir as string), ...file.split('/')))})
      report(warned, 'public-file-replaced', `\`${file}\` in the public folder is replaced by the build's own file of that name`)
      files.push(warned)
    }
  })
  listingReadsMemo?.save()
  if (ledgered) await recordLedger(options.config, facts, options.now, cwd)
  if (snapshot !== undefined) rememberBuild(inputs, snapshot.fingerprint, {files, published: published.length, held}, clockRange(releases, options.now))
  return {ok: true, files, published, held, rendered, images: images === undefined ? noImageWork : {made: images.made, reused: images.reused, sharpCalls: images.sharpCalls}, cards: drawn, cardsBesideSearch: drawnBesideSearch, searchRecords, searchShards, filesRead: filesRead + ledgerReads.count}
}

const noImageWork = {made: 0, reused: 0, sharpCalls: 0}

/** Replace each release of `published` that shows images from the public folder by a copy that carries their renditions. */
function attachRenditions(published: Release[], bySitePath: ReadonlyMap<string, ImageRenditions>): void {
  published.forEach((release, index) => {
    const images: Record<string, ImageRenditions> = {}
    for (const item of release.media) {
      const renditions = item.sitePath === undefined ? undefined : bySitePath.get(item.sitePath)
      if (renditions !== undefined && item.sitePath !== undefined) images[item.sitePath] = renditions
    }
    if (Object.keys(images).length > 0) published[index] = releaseWith(release, {images})
  })
}

/**
 * A release's hashes with its renditions' names in both: they carry the hash of each image's content, so a page whose
 * image changed (same file name, new picture) is written again with the new names.
 */
function withImages(hashes: ReleaseHashes | undefined, release: Release): ReleaseHashes | undefined {
  if (hashes === undefined || release.images === undefined) return hashes
  const mark = `:images:${Object.values(release.images).map((set) => set.social.path).join(',')}`
  return {...hashes, content: hashes.content + mark, meta: hashes.meta + mark}
}

/**
 * What the publication ledger is told of each release to publish; files are hashed only when the ledger asks, and a file
 * the render cache read in this build (a new or changed one, or every one after a CI checkout) is not read again.
 */
async function ledgerFacts(published: readonly Release[], hashes: ReadonlyMap<string, ReleaseHashes>, sourceHashes: ReadonlyMap<string, string>, cwd: string, reads: {count: number}): Promise<PublicRelease[]> {
  const {publicationFacts} = await import('../release/publication-facts.js')
  return published.map((release) => {
    const facts = publicationFacts(release, (hashes.get(release.id) ?? releaseHashes(release)).content, cwd)
    let source = sourceHashes.get(release.id)
    return {...facts, sourceHash: () => (source ??= (reads.count++, facts.sourceHash()))}
  })
}

/**
 * What the ledger says before anything is rendered, in one visit: when each release changed since it first went public
 * (its pages and feeds show that), and the NewsML-G2 version each will have once this build is recorded. A newsroom's
 * first ledger build finds no updates and gives every release its first version.
 */
async function readLedger(config: Config, facts: readonly PublicRelease[], now: number, cwd: string): Promise<{updates: Map<string, number>; versions: Map<string, NewsmlVersion>}> {
  const [{openStore, storeLocation}, {updatedInstants}, {ledgerVersions}] = await Promise.all([
    import('../store/open-store.js'),
    import('../store/publication-ledger.js'),
    import('../store/ledger-versions.js')
  ])
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    const versions = new Map<string, NewsmlVersion>()
    for (const [id, version] of await ledgerVersions(store.db, facts, now)) {
      versions.set(id, {version: version.version, firstCreated: version.firstPublishedAt, versionCreated: version.versionPublishedAt})
    }
    return {updates: await updatedInstants(store.db, facts, now), versions}
  } finally {
    await store.close()
  }
}

/** Replace each release of `published` that was updated by a copy that says when. */
function markUpdated(published: Release[], updates: ReadonlyMap<string, number>): void {
  published.forEach((release, index) => {
    const updatedAt = updates.get(release.id)
    if (updatedAt !== undefined) published[index] = releaseWith(release, {updatedAt})
  })
}

/**
 * A release's hashes with the instant it was updated: its page and feed items show that instant, which the ledger gives
 * and the file does not, so a release whose update instant moved is written again, and so is a listing that shows it.
 */
function withUpdated(hashes: ReleaseHashes | undefined, release: Release): ReleaseHashes | undefined {
  if (hashes === undefined || release.updatedAt === undefined) return hashes
  const mark = updatedMark(release.updatedAt)
  return {...hashes, content: hashes.content + mark, updated: mark}
}

/**
 * A release's hashes with whether it has a card of its own in its content: its page names that card or the newsroom's,
 * so the page that a newer release pushes out of `cards.recent` is written again.
 */
function withOwnCard(hashes: ReleaseHashes | undefined, release: Release): ReleaseHashes | undefined {
  if (hashes === undefined || release.ownCard !== true) return hashes
  return {...hashes, content: hashes.content + ':own-card'}
}

/**
 * Record the releases this build published in the ledger: new ones as first published at the build's `now`, changed
 * ones as new versions. After the swap, since only then are they public; a build that cannot record them fails, and
 * the next one records them at its own `now`, so a release is never left out of the digests.
 */
async function recordLedger(config: Config, facts: readonly PublicRelease[], now: number, cwd: string): Promise<void> {
  const [{openStore, storeLocation}, {recordPublications}] = await Promise.all([import('../store/open-store.js'), import('../store/publication-ledger.js')])
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    await recordPublications(store.db, facts, now)
  } finally {
    await store.close()
  }
}

/** The folders the out folder of a build must keep clear of (see `checkOutDir`). */
export function projectFolders(releasesDir: string, publicDir: string | undefined, configFile: string | undefined): ProjectFolders {
  const inputs = [{name: 'releases folder', path: releasesDir}, {name: 'templates folder', path: templatesDir}]
  if (publicDir !== undefined) inputs.push({name: 'public folder', path: publicDir})
  const holders = [{name: 'working folder', path: '.'}]
  if (configFile !== undefined) holders.push({name: "config file's folder", path: dirname(configFile)})
  return {inputs, holders}
}

/** A page writer that calls `onBulk` first when it is given at least {@link minPooledFiles} pages to write. */
function withBulkNotice(writer: ReleasePageWriter, onBulk: () => void): ReleasePageWriter {
  return (jobs, templatesDir, onWritten) => {
    if (jobs.length >= minPooledFiles) onBulk()
    return writer(jobs, templatesDir, onWritten)
  }
}

/** A page writer that reports each page written to `onProgress`: a build that renders nothing may still write thousands. */
function withPageProgress(writer: ReleasePageWriter, onProgress: BuildOptions['onProgress']): ReleasePageWriter {
  if (!onProgress) return writer
  return (jobs, templatesDir) => {
    let done = 0
    return writer(jobs, templatesDir, () => onProgress(++done, jobs.length, 'pages'))
  }
}

/**
 * Release pages on worker threads when there are enough of them to be worth it, else here. The threads are fresh, one
 * fewer than the renderers (this thread writes the listings meanwhile), have a small young generation, and are
 * stopped as soon as the pages are written, so their heaps are gone before the feeds are rendered.
 *
 * This thread takes pages from the same queue too, between the listings: with the one page thread of two cores
 * alone, it sat idle for most of the time the pages took.
 */
function pooledPageWriter(config: Config, workers: number, liquidFor: LiquidEngines): ReleasePageWriter {
  const here = releasePageWriter(config, liquidFor)
  return async (jobs, templatesDir, onWritten) => {
    if (jobs.length < minPooledFiles) return here(jobs, templatesDir, onWritten)
    const pool = createRenderPool(config, Math.max(1, workers - 1), 8)
    try {
      await forEachInFlight(jobs, 1 + pool.size * 4, async (job, lane) => {
        await (lane > 0 ? pool.writePage(job.release, job.file, templatesDir, job.extras) : here([job], templatesDir))
        onWritten?.()
      })
    } finally {
      await pool.close()
    }
  }
}

/** The outputs, in order; the sample digest goes to `previewDir`, outside the out folder; `searching` says when the index is written; `listingReads` gives the site writer what the plan found its listing templates read. */
function outputWriters(previewDir: string, renditions: ReadonlyMap<string, string> | undefined, cards: CardsOptions, searching: {now: boolean; cardsBeside: boolean}, listingReads: ListingReadsMemo | undefined): Array<(context: OutputContext) => Promise<void>> {
  // Renditions go in whole each build, as the public folder does: linked from where they are stored, never encoded again.
  const linkImages = async (context: OutputContext) => void (renditions && linkRenditions(renditions, context.outDir))
  // The cards last: their drawing's memory (fonts, satori's and resvg's) stays with the process once drawn, and then adds
  // only to what the last writer holds, not to the site writer's heap, nor the feeds' and NewsML's. In a big build
  // Pagefind still indexes beside them.
  return [linkImages, (context) => writeSite(context, listingReads === undefined ? {} : {readsOf: listingReads.readsOf}), writeFeeds, writeNewsml, (context) => writeEmailPreviewWhenChanged(context, previewDir), (context) => ((searching.cardsBeside = searching.now), writeCards(context, cards))]
}

/**
 * The search index, begun before the other outputs are planned: it reads releases, not pages, and Pagefind's binary
 * indexes while this thread plans and writes the site. `searching` says while it is written.
 */
function searchOutput(search: SearchOptions, searching: {now: boolean}): FirstOutput {
  return {
    plans: searchPlan,
    write: (context, ready, othersWritten) => {
      searching.now = true
      return writeSearchIndex(context, {...search, onFed: ready, othersWritten}).finally(() => void (searching.now = false))
    }
  }
}

/** The files of every output a rebuild may keep but the search index's, as each output plans them (the site's with the build's engines, and what its listing templates read as the cache remembers it). */
function outputPlans(config: Config, releases: readonly Release[], liquidFor: LiquidEngines, cards: CardSource, newsmlVersions: ReadonlyMap<string, NewsmlVersion> | undefined, publicDir: string | undefined, listingReads: ListingReadsMemo | undefined): OutputPlan[] {
  return [...sitePlan(config, releases, {liquidFor, ...(publicDir === undefined ? {} : {publicDir}), ...(listingReads === undefined ? {} : {readsOf: listingReads.readsOf})}), ...feedsPlan(config, releases), ...newsmlPlan(config, releases, newsmlVersions), ...emailPreviewPlan(releases), ...cardsPlan(releases, cards)]
}

/** The sample digest, unless the build cache kept it: juice and nodemailer are loaded only when it is written. */
async function writeEmailPreviewWhenChanged(context: OutputContext, dir: string): Promise<void> {
  // Its folder is not the one the manifest vouches for, so a kept key counts only while the files are still there.
  const kept = emailPreviewPaths.every((path) => context.unchanged?.has(path)) && emailPreviewFiles.every((file) => existsSync(join(dir, file)))
  if (kept) return
  const {writeEmailPreview} = await import('../email/write-email-preview.js')
  await writeEmailPreview(context, dir)
}
