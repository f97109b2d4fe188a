import {hash} from 'node:crypto'
import {mkdirSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {searchIndexPath, searchShards, type SearchShard} from '../links/search-paths.js'
import {escapeXml} from '../html/xml-text.js'
import type {OutputPlan} from '../plan/output-plan.js'
import {publishedReleases, releaseHtml, type Release} from '../release/release.js'
import {pagesInFlight, writePagefindBundles, type SearchPage} from './write-pagefind-bundles.js'
import {basePathOf} from '../links/base-path.js'

/**
 * What the search index keeps between builds (the build cache lends it): each release's extracted record by key, and each shard's index
 * (Pagefind's bundle) by the key of the records it was made of.
 */
export interface SearchRecordStore {
  /** The stored records of the shard at site path `shard` by key; none when its file is missing, damaged or of another format. */
  load(shard: string): Map<string, string>
  /** Start storing the records of `shard` anew: they replace the stored ones once committed, and never if aborted. */
  replace(shard: string): RecordWriter
  /** Drop the stored records of every shard but those of `shards` (site paths). */
  keepShards(shards: ReadonlySet<string>): void
  /** Put the bundle stored under `key` into the empty or missing `folder`; false (and nothing put) if it is not stored whole. */
  copyBundle(key: string, folder: string): boolean
  /** Store the bundle Pagefind wrote into `folder` under `key`, in place of any stored there. */
  storeBundle(key: string, folder: string): void
  /** Drop every stored bundle but those of `keys`. */
  keepBundles(keys: ReadonlySet<string>): void
}

/** The records of one shard as they are stored, one at a time. */
export interface RecordWriter {
  /** Store `html` as the record of `key`. */
  add(key: string, html: string): void
  /** Put the records added in place of the shard's stored ones. */
  commit(): void
  /** Forget the records added: the shard's stored ones stay. */
  abort(): void
}

/** What the search index reads of a build. */
export interface SearchContext {
  config: Config
  /** Published releases only, newest first. */
  releases: readonly Release[]
  /** The folder to write into (the build's staging folder). */
  outDir: string
  /** The build's clock: the index re-checks holds, since an embargoed word once in the index cannot be taken back. */
  now: number
  /** Site paths of outputs the last build wrote whose inputs are unchanged: already in place, so not written. */
  unchanged?: ReadonlySet<string>
}

/** How the search index reuses what the last build extracted (the build cache's), and tells what it extracted. */
export interface SearchOptions {
  /** The records of the last build; without one, every release is extracted. */
  store?: SearchRecordStore
  /**
   * The key of a release's render, which its record is kept by: it changes with anything of the file or of the config
   * that the render reads (headline, date, body, summary); `undefined`: not kept.
   */
  renderKeyOf?: (release: Release) => string | undefined
  /** Called for each release whose record is extracted in this build rather than taken from the store. */
  onExtract?: (release: Release) => void
  /**
   * Called for each shard (`<language>/<quarter>`) Pagefind indexes in this build, rather than its bundle being kept or
   * taken from the store, with the number of pages it sent Pagefind for it.
   */
  onIndex?: (shard: string, pages: number) => void
  /** Called once Pagefind has the first pages to index (see `FeedOptions.onFed`); not when no shard is indexed. */
  onFed?: () => void
  /** Settles once the build's other outputs are written: a second Pagefind may index then (see `FeedOptions.lanesFrom`). */
  othersWritten?: Promise<unknown>
}

/**
 * The search index as outputs a rebuild may keep: each shard's folder (see {@link SearchShard}), shown by its releases
 * (by their files' hashes, so an edit of one, a new one or one taken down builds that shard again) and the site's base
 * path, which every result's URL starts with. Pagefind names a bundle's files by their contents, so a shard is built
 * whole or kept whole; a shard no release is in any more is no output, so the rebuild removes its folder.
 */
export function searchPlan(config: Config, releases: readonly Release[]): OutputPlan[] {
  return searchShards(releases, config.timeZone).map((shard) => ({path: shard.path, kind: 'search', shows: [basePathOf(config)], releases: shard.releases, folder: true, namedByContent: pagefindNamedByContent}))
}

/**
 * The files Pagefind names by a hash of their contents and writes as immutable (its metadata, index chunks, filters and
 * fragments), which it serves to be cached for good: the loader, worker and entry files keep their names.
 */
const pagefindNamedByContent = /_[0-9a-f]{7,}\.pf_(?:meta|index|filter|fragment)$/

/** A release of a shard to index: its result's URL and what its record is kept by. */
interface ShardEntry {
  release: Release
  url: string
  key: string | undefined
}

/**
 * Write the Pagefind index of every published release, one bundle per shard (`pagefind/<language>/<quarter>/`), unless
 * the last build's is kept. Pagefind writes a bundle whole, so it indexes only the shards whose records changed: every
 * other shard is the last build's, in place, or the stored one, linked from the cache. For a shard it indexes, the
 * stored records of that shard alone are read, and each release's record is taken from them when its render and the
 * facts shown beside it are unchanged (so an edit extracts, and reads the body of, the edited release alone); a record
 * is made only as Pagefind takes it and stored as it is made, so a big newsroom's documents never all exist at once;
 * Pagefind writes the bundle to disk itself, and the cache links it from there.
 */
export async function writeSearchIndex(context: SearchContext, options: SearchOptions = {}): Promise<void> {
  const shards = searchShards(publishedReleases(context.releases, context.now), context.config.timeZone)
  // The folder is there even for a newsroom with nothing published: the search page then finds nothing, rather than failing.
  mkdirSync(join(context.outDir, searchIndexPath.slice(1)), {recursive: true})
  // Every shard kept in place: the stored records and bundles are this build's too, so the store is not even read.
  if (shards.every((shard) => context.unchanged?.has(shard.path) === true)) return
  const basePath = basePathOf(context.config)
  const store = options.store
  const folderOf = (shard: SearchShard<Release>) => join(context.outDir, shard.path.slice(1))
  // A shard whose records are all as in a stored bundle takes that bundle: Pagefind indexes the others alone. Keys,
  // not documents: a record's key needs no body, so a shard kept or taken from the store reads none, nor its records.
  const toIndex: Array<{shard: SearchShard<Release>; entries: ShardEntry[]; bundleKey: string | undefined}> = []
  const bundleKeys = new Set<string>()
  for (const shard of shards) {
    const entries = shard.releases.map((release): ShardEntry => {
      const url = basePath + release.urlPath
      const renderKey = options.renderKeyOf?.(release)
      return {release, url, key: renderKey === undefined ? undefined : recordKey(url, renderKey)}
    })
    const keys = entries.map((entry) => entry.key)
    const bundleKey = keys.every((key) => key !== undefined) ? hash('sha256', JSON.stringify([recordFormat, shard.language, keys]), 'base64url') : undefined
    if (bundleKey !== undefined) bundleKeys.add(bundleKey)
    // Its records stay stored for the next edit in this shard; one the store lost is extracted only then.
    const kept = context.unchanged?.has(shard.path) === true || (bundleKey !== undefined && store?.copyBundle(bundleKey, folderOf(shard)) === true)
    if (!kept) toIndex.push({shard, entries, bundleKey})
  }
  // The records each shard Pagefind is indexing stores anew, until its bundle is written.
  const writers = new Map<string, RecordWriter>()
  const pagesSent = new Map<string, number>()
  /** Each page of `entries` as Pagefind takes it: its record from the shard's stored ones, or extracted then, and stored. */
  function* searchPages(shard: SearchShard<Release>, entries: readonly ShardEntry[]): Generator<SearchPage> {
    const stored = store?.load(shard.path) ?? new Map<string, string>()
    const writer = store?.replace(shard.path)
    if (writer !== undefined) writers.set(shard.path, writer)
    let extracted = 0
    for (const {release, url, key} of entries) {
      let html = key === undefined ? undefined : stored.get(key)
      if (html === undefined) {
        html = searchDocument(release)
        extracted++
        options.onExtract?.(release)
      }
      if (key !== undefined) writer?.add(key, html)
      pagesSent.set(shard.path, (pagesSent.get(shard.path) ?? 0) + 1)
      yield {url, html}
    }
    // The same records as stored (the shard is indexed for another reason, such as a lost bundle): the file stays.
    if (extracted === 0 && stored.size === entries.length) writer?.abort()
  }
  try {
    if (toIndex.length > 0) {
      await writePagefindBundles(
        toIndex.map(({shard, entries, bundleKey}) => ({
          language: shard.language,
          folder: folderOf(shard),
          pages: searchPages(shard, entries),
          // Stored as soon as written: the shards written before one that fails keep this build's records and bundles.
          onWritten: () => {
            options.onIndex?.(`${shard.language}/${shard.quarter}`, pagesSent.get(shard.path) ?? 0)
            writers.get(shard.path)?.commit()
            writers.delete(shard.path)
            if (bundleKey !== undefined) store?.storeBundle(bundleKey, folderOf(shard))
          }
        })),
        {
          ...(options.onFed === undefined ? {} : {onFed: options.onFed}),
          ...(options.othersWritten === undefined ? {} : {lanesFrom: options.othersWritten}),
          lanes: pagefindLanes(toIndex.length, toIndex.reduce((pages, {entries}) => pages + entries.length, 0))
        }
      )
    }
  } finally {
    // A shard Pagefind did not write keeps the last build's records.
    for (const writer of writers.values()) writer.abort()
  }
  store?.keepShards(new Set(shards.map((shard) => shard.path)))
  store?.keepBundles(bundleKeys)
}

/**
 * How many Pagefind binaries index `bundles` bundles of `pages` pages in all: two on more than one core when there are
 * enough pages that a second binary's start is soon made up for (a cold build's), else one (an edit's, which indexes
 * one shard).
 */
function pagefindLanes(bundles: number, pages: number): number {
  return bundles > 1 && pages >= 2 * pagesInFlight && availableParallelism() > 1 ? 2 : 1
}

/**
 * What a release's record is kept by: its render, whose key covers every field of the file {@link searchDocument}
 * shows (headline, date as its language writes it, body, summary), and the URL under the site's base path, which the
 * render's key does not. Not the fields themselves: a build reads most releases' headlines and summaries from disk only
 * when a page shows them.
 */
function recordKey(url: string, renderKey: string): string {
  return hash('sha256', JSON.stringify([recordFormat, renderKey, url]), 'base64url')
}

/** Changed with {@link searchDocument}, so records extracted by an older pressroom are extracted again. */
const recordFormat = 'search-document 1'

/**
 * What a release is found by, as the HTML document Pagefind indexes: its headline (the result's title), its date (shown
 * under it), the body with its wire dateline, and the summary. Made from the release, not from its page, so the
 * page's chrome is never found and a template change leaves the index as it is.
 */
function searchDocument(release: Release): string {
  return [
    `<html lang="${escapeXml(release.language)}"><body>`,
    `<h1>${escapeXml(release.title)}</h1>`,
    `<span data-pagefind-meta="date:${escapeXml(release.displayDate)}"></span>`,
    releaseHtml(release),
    // After the body, which opens with the dateline: a summary made from the lede repeats it, and a result's excerpt
    // should quote the lede rather than the summary's copy of it.
    `<p>${escapeXml(release.summary)}</p>`,
    '</body></html>'
  ].join('\n')
}

