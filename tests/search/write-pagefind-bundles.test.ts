import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSearchRecordStore} from '../../src/cache/search-record-store.js'
import {loadConfig} from '../../src/config/load-config.js'
import {loadReleases} from '../../src/release/load-releases.js'
import {releaseHtml, type Release} from '../../src/release/release.js'
import {writeSearchIndex} from '../../src/search/write-search-index.js'
import {readTree} from '../support/read-tree.js'
import {makeSearchNewsroom, searchIndexText, searchNow, searchWords} from './search-newsroom.js'

let newsroom: Awaited<ReturnType<typeof makeSearchNewsroom>>
let outDir: string
beforeEach(async () => {
  newsroom = await makeSearchNewsroom()
  outDir = await mkdtemp(join(tmpdir(), 'pressroom-pagefind-out-'))
})
afterEach(async () => {
  await newsroom.remove()
  await rm(outDir, {recursive: true, force: true})
})

describe('the Pagefind bundles', () => {
  it('should make each search document only once Pagefind took the one before, and have Pagefind write the bundle without its unused interfaces', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const {releases} = await loadReleases({config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const now = Date.parse(searchNow)
    const english = releases.find((release) => release.language === 'en' && release.embargo === undefined && !release.draft) as Release
    // Twelve English pages, so one bundle takes many documents in a row.
    const copies = Array.from({length: 12}, (_, index) => ({...english, id: `${english.id}-${index}`, urlPath: `${english.urlPath}${index}/`}))
    // Each body notes whether the event loop turned since the last one was made: a document made while Pagefind had
    // not yet been handed the one before would find it had not.
    const turned: boolean[] = []
    let loopTurned = true
    const watched = [...copies, ...releases.filter((release) => release !== english)].map((release): Release => ({
      ...release,
      body: {
        load: () => {
          turned.push(loopTurned)
          loopTurned = false
          setImmediate(() => void (loopTurned = true))
          return releaseHtml(release)
        }
      }
    }))
    await writeSearchIndex({config, releases: watched, outDir, now})
    expect(turned.length).toBe(15)
    expect(turned.every(Boolean)).toBe(true)
    const files = [...readTree(join(outDir, 'pagefind')).keys()]
    expect(files.filter((path) => path.endsWith('pagefind-entry.json')).sort()).toEqual(['de/2026/pagefind-entry.json', 'en/2025/pagefind-entry.json', 'en/2026/pagefind-entry.json', 'zh/2026/pagefind-entry.json'])
    expect(files.filter((path) => /(?:^|\/)(?:pagefind-(?:ui|component-ui|modular-ui|highlight)\.|playground\/)/.test(path))).toEqual([])
    expect(files.some((path) => path.endsWith('pagefind.js'))).toBe(true)
    expect((await searchIndexText(outDir)).includes(searchWords.english)).toBe(true)
  })

  it('should make each document only as Pagefind takes it with the build cache too, and none for a shard whose bundle is stored', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const {releases} = await loadReleases({config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const now = Date.parse(searchNow)
    const turned: boolean[] = []
    let loopTurned = true
    const watched = releases.map((release): Release => ({
      ...release,
      body: {
        load: () => {
          turned.push(loopTurned)
          loopTurned = false
          setImmediate(() => void (loopTurned = true))
          return releaseHtml(release)
        }
      }
    }))
    const store = openSearchRecordStore(join(newsroom.dir, 'search-cache'))
    const indexed: string[] = []
    const options = {store, renderKeyOf: (release: Release) => release.id, onIndex: (shard: string) => void indexed.push(shard)}
    await writeSearchIndex({config, releases: watched, outDir, now}, options)
    expect([turned.length, turned.every(Boolean), indexed.sort()]).toEqual([4, true, ['de/2026', 'en/2025', 'en/2026', 'zh/2026']])
    // Again into an empty folder: every bundle is the stored one, and no body is read.
    const again = await mkdtemp(join(tmpdir(), 'pressroom-pagefind-again-'))
    try {
      indexed.length = 0
      await writeSearchIndex({config, releases: watched, outDir: again, now}, options)
      expect([turned.length, indexed]).toEqual([4, []])
      expect([...readTree(join(again, 'pagefind')).keys()].sort()).toEqual([...readTree(join(outDir, 'pagefind')).keys()].sort())
      expect((await searchIndexText(again)).includes(searchWords.english)).toBe(true)
    } finally {
      await rm(again, {recursive: true, force: true})
    }
  })
})
