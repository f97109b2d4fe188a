import {existsSync} from 'node:fs'
import {appendFile, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {build, cacheDirOf, type BuildOptions} from '../../src/build/build.js'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import {openSearchRecordStore} from '../../src/cache/search-record-store.js'
import {loadConfig} from '../../src/config/load-config.js'
import {loadReleases} from '../../src/release/load-releases.js'
import type {Release} from '../../src/release/release.js'
import {searchPlan, writeSearchIndex, type SearchRecordStore} from '../../src/search/write-search-index.js'
import {readTree} from '../support/read-tree.js'
import {makeSearchNewsroom, searchIndexText, searchNow, searchWords} from './search-newsroom.js'

let newsroom: Awaited<ReturnType<typeof makeSearchNewsroom>>
let options: BuildOptions
beforeEach(async () => {
  newsroom = await makeSearchNewsroom()
  const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
  options = {config, releasesDir: newsroom.releasesDir, outDir: join(newsroom.dir, 'out'), now: Date.parse(searchNow), cwd: newsroom.dir, cache: 'reuse', workers: 0}
})
afterEach(() => newsroom.remove())

/** The entry file of each bundle of the search index under `dir`, sorted: one per shard. */
function entryFiles(dir: string): string[] {
  return [...readTree(join(dir, 'pagefind')).keys()].filter((path) => path.endsWith('pagefind-entry.json')).sort()
}

/** The inode of every file of the search index under `dir`: a file a build wrote again has a new one. */
async function indexInodes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (const path of readTree(join(dir, 'pagefind')).keys()) found.set(path, (await stat(join(dir, 'pagefind', path))).ino)
  return found
}

describe('the search index', () => {
  it('should index every published release in the shard of its language and quarter, and no draft or embargoed release until it is out', async () => {
    expect((await build(options)).ok).toBe(true)
    expect(entryFiles(options.outDir)).toEqual(['de/2026-q4/pagefind-entry.json', 'en/2025-q2/pagefind-entry.json', 'en/2026-q4/pagefind-entry.json', 'zh/2026-q4/pagefind-entry.json'])
    const text = await searchIndexText(options.outDir)
    // Chinese text is kept split into words, by zero-width spaces.
    const holds = (word: string) => text.replaceAll('\u200b', '').includes(word)
    expect([searchWords.english, searchWords.german, searchWords.chinese, searchWords.older, searchWords.embargoed, searchWords.draft].map(holds)).toEqual([true, true, true, true, false, false])
    expect(holds('/press/releases/2026-11-04-changzhou-storage/')).toBe(true)
    // Once the embargo has passed, the same build indexes it.
    await build({...options, now: Date.parse('2027-01-12T06:00:00Z')})
    expect((await searchIndexText(options.outDir)).includes(searchWords.embargoed)).toBe(true)
  })

  it('should keep the index of the last build when no published release changed, and build it again when one did', async () => {
    await build(options)
    // Again, so the build folder the next build writes holds this index too (a build writes the one out/ does not link to).
    await build(options)
    const before = await indexInodes(nextBuildDir(options.outDir).dir)
    expect(before.size).toBeGreaterThan(10)
    await build(options)
    expect(await indexInodes(options.outDir)).toEqual(before)

    await build(options)
    const beforeEdit = await indexInodes(nextBuildDir(options.outDir).dir)
    await appendFile(join(newsroom.releasesDir, '2026-11-02-shore-power.md'), '\nThe berths also serve the new glimmerwharf ferries.\n')
    await build(options)
    const afterEdit = await indexInodes(options.outDir)
    // Only the edited release's shard changed (not its language's shard of the year before), and there only the files
    // Pagefind wrote anew.
    const rewritten = [...afterEdit].filter(([path, ino]) => beforeEdit.get(path) !== ino).map(([path]) => path)
    expect(rewritten.length).toBeGreaterThan(0)
    expect(rewritten.filter((path) => !path.startsWith('en/2026-q4/'))).toEqual([])
    expect(rewritten.length).toBeLessThan([...afterEdit.keys()].filter((path) => path.startsWith('en/2026-q4/')).length)
    // Pagefind's files named by their contents are kept by name, unread: every one of them the plan says so of, and
    // none of those the last build had was moved in again.
    const {releases} = await loadReleases({config: options.config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const namedByContent = searchPlan(options.config, releases)[0]?.namedByContent
    const pagefindHashed = [...afterEdit.keys()].filter((path) => /\.pf_[a-z]+$/.test(path))
    expect(pagefindHashed.length).toBeGreaterThan(10)
    expect(pagefindHashed.filter((path) => namedByContent?.test(path) !== true)).toEqual([])
    expect(rewritten.filter((path) => pagefindHashed.includes(path) && beforeEdit.has(path))).toEqual([])
    expect((await searchIndexText(options.outDir)).includes('glimmerwharf')).toBe(true)
  })

  it('should extract only the edited release\'s search record again and index only its shard, from the build cache, and all of them without it', async () => {
    const first = await build(options)
    expect([first.searchRecords, first.searchShards.sort()]).toEqual([4, ['de/2026-q4', 'en/2025-q2', 'en/2026-q4', 'zh/2026-q4']])
    const file = join(newsroom.releasesDir, '2026-11-02-shore-power.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace(searchWords.english, 'glimmerwharf'))
    const edited = await build(options)
    // Pagefind indexed the edited release's shard alone: the German, Chinese and older English bundles are the last build's.
    expect([edited.rendered, edited.searchRecords, edited.searchShards]).toEqual([1, 1, ['en/2026-q4']])
    const text = await searchIndexText(options.outDir)
    const holds = (word: string) => text.replaceAll('\u200b', '').includes(word)
    expect([holds('glimmerwharf'), holds(searchWords.english), holds(searchWords.german), holds(searchWords.chinese), holds(searchWords.older)]).toEqual([true, false, true, true, true])
    // A build that keeps the whole index extracts nothing; `--no-cache` extracts every record again.
    const kept = await build(options)
    expect([kept.searchRecords, kept.searchShards]).toEqual([0, []])
    const rebuilt = await build({...options, cache: 'rebuild'})
    expect([rebuilt.searchRecords, rebuilt.searchShards.length]).toEqual([4, 4])
  })

  it('should link each bundle Pagefind wrote to disk into the cache, and a stored bundle from the cache into the out folder', async () => {
    expect((await build(options)).ok).toBe(true)
    const bundles = join(cacheDirOf(options.outDir, newsroom.dir), 'search', 'bundles')
    const storedInodes = async () => new Set((await Promise.all([...readTree(bundles).keys()].map(async (path) => (await stat(join(bundles, path))).ino))))
    // The very files Pagefind wrote, not copies read back through memory: each is one inode in the cache and the build.
    const cold = await indexInodes(options.outDir)
    expect([...cold.keys()].filter((path) => path.endsWith('pagefind-entry.json')).length).toBe(4)
    const coldStored = await storedInodes()
    expect([...cold.values()].filter((ino) => !coldStored.has(ino))).toEqual([])
    // Another out folder on the same cache takes every bundle from it, linked: nothing is extracted or indexed.
    const elsewhere = {...options, outDir: join(newsroom.dir, 'elsewhere'), cacheDir: cacheDirOf(options.outDir, newsroom.dir)}
    const linked = await build(elsewhere)
    expect([linked.searchRecords, linked.searchShards]).toEqual([0, []])
    const copied = await indexInodes(elsewhere.outDir)
    expect([...copied.keys()].sort()).toEqual([...cold.keys()].sort())
    expect([...copied.values()].filter((ino) => !coldStored.has(ino))).toEqual([])
    expect((await searchIndexText(elsewhere.outDir)).includes(searchWords.english)).toBe(true)
  })

  it('should index only the newest shard for a new release of the newest quarter, open a shard for a quarter not indexed yet, and remove a shard no release is in any more', async () => {
    await build(options)
    await writeFile(join(newsroom.releasesDir, '2026-11-20-ferry-timetable.md'), '---\ntitle: Northwind publishes the winter ferry timetable\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en\n---\n\nThe winter timetable adds a late driftlantern sailing.\n')
    const added = await build(options)
    expect([added.searchRecords, added.searchShards]).toEqual([1, ['en/2026-q4']])
    await writeFile(join(newsroom.releasesDir, '2024-03-01-first-berth.md'), '---\ntitle: Northwind plans its first shore power berth\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en\n---\n\nThe first berth will serve the saltgrove ferries.\n')
    const opened = await build(options)
    expect([opened.searchRecords, opened.searchShards]).toEqual([1, ['en/2024-q1']])
    expect(entryFiles(options.outDir)).toEqual(['de/2026-q4/pagefind-entry.json', 'en/2024-q1/pagefind-entry.json', 'en/2025-q2/pagefind-entry.json', 'en/2026-q4/pagefind-entry.json', 'zh/2026-q4/pagefind-entry.json'])
    const text = (await searchIndexText(options.outDir)).replaceAll('\u200b', '')
    expect(['driftlantern', 'saltgrove', searchWords.english, searchWords.older].map((word) => text.includes(word))).toEqual([true, true, true, true])
    // Its only release taken down, a shard is gone from out/ and from the search page; no other shard is indexed.
    await rm(join(newsroom.releasesDir, '2025-06-10-ferry-tenders.md'))
    const removed = await build(options)
    expect([removed.searchRecords, removed.searchShards]).toEqual([0, []])
    expect(entryFiles(options.outDir)).toEqual(['de/2026-q4/pagefind-entry.json', 'en/2024-q1/pagefind-entry.json', 'en/2026-q4/pagefind-entry.json', 'zh/2026-q4/pagefind-entry.json'])
    expect(existsSync(join(options.outDir, 'pagefind', 'en', '2025-q2'))).toBe(false)
    expect(await readFile(join(options.outDir, 'search', 'index.html'), 'utf8')).toContain('data-bundles="de:/press/pagefind/de/2026-q4/ en:/press/pagefind/en/2026-q4/ en:/press/pagefind/en/2024-q1/ zh:/press/pagefind/zh/2026-q4/"')
  })

  it('should read the stored records of the edited release\'s shard alone on an edit, and none for shards it keeps', async () => {
    // Three releases in each English shard, so a shard's records are told from another's by their count.
    const english = (name: string, title: string, body: string) => writeFile(join(newsroom.releasesDir, name), `---\ntitle: ${title}\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en\n---\n\n${body}\n`)
    await english('2026-11-07-crane.md', 'Northwind adds a harbour crane', 'The crane lifts the ferry ramps.')
    await english('2026-11-08-pier.md', 'Northwind extends the pier', 'The pier now reaches the outer berth.')
    await english('2025-06-01-survey.md', 'Northwind surveys the seabed', 'The survey maps the channel.')
    await english('2025-06-02-buoys.md', 'Northwind lays new buoys', 'The buoys mark the channel at night.')
    const {releases} = await loadReleases({config: options.config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const context = {config: options.config, releases, outDir: options.outDir, now: options.now}
    const records = openSearchRecordStore(join(newsroom.dir, 'search-cache'))
    const read: string[] = []
    const store: SearchRecordStore = {...records, load: (shard) => {
      const stored = records.load(shard)
      for (const key of stored.keys()) read.push(`${shard} ${key}`)
      return stored
    }}
    const edits = new Map<string, string>()
    const run = async (outDir: string, list: readonly Release[]) => {
      const indexed: string[] = []
      let extracted = 0
      read.length = 0
      await writeSearchIndex({...context, outDir, releases: list}, {store, renderKeyOf: (release) => `${release.id}:${edits.get(release.id) ?? ''}`, onExtract: () => void extracted++, onIndex: (shard) => void indexed.push(shard)})
      return {indexed: indexed.sort(), extracted, shardsRead: [...new Set(read.map((line) => line.split(' ')[0]))], recordsRead: read.length}
    }
    expect(await run(options.outDir, releases)).toEqual({indexed: ['de/2026-q4', 'en/2025-q2', 'en/2026-q4', 'zh/2026-q4'], extracted: 8, shardsRead: [], recordsRead: 0})
    // One 2025 release edited: its shard's three records are read (two of them used), no other shard's.
    const survey = releases.find((release) => release.id.includes('survey')) as Release
    edits.set(survey.id, 'edited')
    const edited = releases.map((release): Release => (release === survey ? {...release, body: {html: '<p>The survey maps the glimmerwharf channel.</p>'}} : release))
    expect(await run(options.outDir, edited)).toEqual({indexed: ['en/2025-q2'], extracted: 1, shardsRead: ['/pagefind/en/2025-q2/'], recordsRead: 3})
    expect((await searchIndexText(options.outDir)).includes('glimmerwharf')).toBe(true)
    // The next edit in that shard finds the edited record stored: only the newly edited release is extracted.
    const buoys = releases.find((release) => release.id.includes('buoys')) as Release
    edits.set(buoys.id, 'edited')
    expect(await run(options.outDir, edited)).toEqual({indexed: ['en/2025-q2'], extracted: 1, shardsRead: ['/pagefind/en/2025-q2/'], recordsRead: 3})
    // Into another folder with nothing changed: every bundle comes from the cache, and no record is read.
    expect(await run(join(newsroom.dir, 'elsewhere'), edited)).toEqual({indexed: [], extracted: 0, shardsRead: [], recordsRead: 0})
  })

  it('should send Pagefind only the edited release\'s quarter on an edit, in a newsroom spanning several quarters of one year', async () => {
    // Three quarters of 2026 in English besides the fourth's, two to four releases each, so each shard is told from
    // another by its count.
    const english = (name: string, body: string) => writeFile(join(newsroom.releasesDir, name), `---\ntitle: Northwind ${name.slice(11, -3)}\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en\n---\n\n${body}\n`)
    const days = {'2026-02': ['03', '14'], '2026-05': ['01', '09', '21'], '2026-08': ['02', '12', '22', '30']}
    for (const [month, list] of Object.entries(days)) for (const day of list) await english(`${month}-${day}-harbour-note.md`, `The harbour note of ${month}-${day}.`)
    const {releases} = await loadReleases({config: options.config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const store = openSearchRecordStore(join(newsroom.dir, 'search-cache'))
    const edits = new Map<string, string>()
    const run = async (list: readonly Release[]) => {
      const sent: string[] = []
      await writeSearchIndex({config: options.config, releases: list, outDir: options.outDir, now: options.now}, {store, renderKeyOf: (release) => `${release.id}:${edits.get(release.id) ?? ''}`, onIndex: (shard, pages) => void sent.push(`${shard} ${pages}`)})
      return sent.sort()
    }
    expect(await run(releases)).toEqual(['de/2026-q4 1', 'en/2025-q2 1', 'en/2026-q1 2', 'en/2026-q2 3', 'en/2026-q3 4', 'en/2026-q4 1', 'zh/2026-q4 1'])
    const edited = releases.find((release) => release.id.includes('2026-05-09')) as Release
    edits.set(edited.id, 'edited')
    const withEdit = releases.map((release): Release => (release === edited ? {...release, body: {html: '<p>The harbour note names the glimmerwharf quay.</p>'}} : release))
    // The three releases of the second quarter alone are sent: none of the other quarters of the same year.
    expect(await run(withEdit)).toEqual(['en/2026-q2 3'])
    expect((await searchIndexText(options.outDir)).includes('glimmerwharf')).toBe(true)
    expect(entryFiles(options.outDir).filter((path) => path.startsWith('en/2026'))).toEqual(['en/2026-q1/pagefind-entry.json', 'en/2026-q2/pagefind-entry.json', 'en/2026-q3/pagefind-entry.json', 'en/2026-q4/pagefind-entry.json'])
  })

  it('should index held releases in a preview, a scheduled one in its own quarter\'s shard once it is out, and never a held one in a real build on the same cache', async () => {
    await writeFile(join(newsroom.releasesDir, '2027-01-05-winter-ferry.md'), '---\ntitle: Northwind starts the winter ferry\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en\n---\n\nThe tidecompass ferry sails at dawn.\n')
    const preview: BuildOptions = {...options, preview: true, outDir: join(newsroom.dir, 'preview-out'), cacheDir: join(cacheDirOf(options.outDir, newsroom.dir), 'preview-1')}
    const holds = async (dir: string) => {
      const text = await searchIndexText(dir)
      return [searchWords.english, searchWords.embargoed, 'tidecompass'].map((word) => text.includes(word))
    }
    // A preview writes the held releases as released copies: the scheduled one dated now, so in this quarter's shard.
    const first = await build(preview)
    expect([first.held.length, first.searchShards.sort()]).toEqual([3, ['de/2026-q4', 'en/2025-q2', 'en/2026-q4', 'zh/2026-q4']])
    expect(await holds(preview.outDir)).toEqual([true, true, true])
    // The embargo and the schedule lapse while the preview runs: the next preview build plans the scheduled release
    // in the shard of its own date, and indexes that shard and the one it left.
    const later = await build({...preview, now: Date.parse('2027-01-12T06:00:00Z')})
    expect([later.held.length, later.searchShards.sort()]).toEqual([1, ['en/2026-q4', 'en/2027-q1']])
    expect(entryFiles(preview.outDir)).toContain('en/2027-q1/pagefind-entry.json')
    expect(await holds(preview.outDir)).toEqual([true, true, true])
    // A real build before they are out, even on the preview's cache, indexes neither of them: the shards without a
    // held release are the preview's stored bundles, and the one the preview indexed them in is indexed without them.
    const real = await build({...options, cacheDir: preview.cacheDir})
    expect([real.held.length, real.searchShards]).toEqual([3, ['en/2026-q4']])
    expect(await holds(options.outDir)).toEqual([true, false, false])
    expect(entryFiles(options.outDir)).not.toContain('en/2027-q1/pagefind-entry.json')
  })
})
