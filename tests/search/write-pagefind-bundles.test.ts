import {spawnSync} from 'node:child_process'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {Worker, type WorkerOptions} from 'node:worker_threads'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSearchRecordStore} from '../../src/cache/search-record-store.js'
import {loadConfig} from '../../src/config/load-config.js'
import {loadReleases} from '../../src/release/load-releases.js'
import {releaseHtml, type Release} from '../../src/release/release.js'
import {laneThreadData, type LaneReply, type LaneRequest} from '../../src/search/pagefind-lane.js'
import {laneThreadOptions, laneYoungGenerationMb, writePagefindBundles} from '../../src/search/write-pagefind-bundles.js'
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
  it('should keep a bounded window of pages in flight to Pagefind, made only as it takes them, and write the same bundle as one page at a time, without its unused interfaces', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const {releases} = await loadReleases({config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const english = releases.find((release) => release.language === 'en' && release.embargo === undefined && !release.draft) as Release
    // Forty English pages, each with a word of its own, so one bundle takes many documents in a row.
    const pages = Array.from({length: 40}, (_, index) => ({url: `/press${english.urlPath}${index}/`, html: `<html lang="en"><body><h1>${english.title} ${index}</h1><p>Berth number${index} ${releaseHtml(english)}</p></body></html>`}))
    const ahead: number[] = []
    // How many pages were made when Pagefind was said to have work to get on with, each time it was said.
    const fedAt: number[] = []
    const write = async (folder: string, inFlight: number) => {
      let made = 0
      let added = 0
      ahead.length = 0
      fedAt.length = 0
      function* feed() {
        for (const page of pages) {
          made++
          ahead.push(made - added)
          yield page
        }
      }
      await writePagefindBundles([{language: 'en', folder, pages: feed()}], {inFlight, onAdded: () => void added++, onFed: () => void fedAt.push(made)})
      return added
    }
    expect(await write(join(outDir, 'window', 'pagefind'), 8)).toBe(40)
    // Pages were sent ahead of Pagefind's answers, never more than the window.
    expect(Math.max(...ahead)).toBe(8)
    // Once, as soon as the window was full.
    expect(fedAt).toEqual([8])
    expect(await write(join(outDir, 'whole', 'pagefind'), 64)).toBe(40)
    // A window bigger than the bundle: once every page of it was sent, before Pagefind answered for them all.
    expect(fedAt).toEqual([40])
    expect(await write(join(outDir, 'one', 'pagefind'), 1)).toBe(40)
    expect(Math.max(...ahead)).toBe(1)
    const files = readTree(join(outDir, 'window', 'pagefind'))
    expect([...files.keys()].sort()).toEqual([...readTree(join(outDir, 'one', 'pagefind')).keys()].sort())
    expect(files).toEqual(readTree(join(outDir, 'one', 'pagefind')))
    expect([...files.keys()].filter((path) => /(?:^|\/)(?:pagefind-(?:ui|component-ui|modular-ui|highlight)\.|playground\/)/.test(path))).toEqual([])
    expect([...files.keys()].some((path) => path.endsWith('pagefind.js'))).toBe(true)
    expect(await searchIndexText(join(outDir, 'window'))).toContain('number39')
  })

  it('should fail, not end the process as if it were done, when Pagefind stops without answering', async () => {
    // A file where Pagefind is to write the bundle: its binary panics on the folder it cannot make, and answers no
    // more. A build refuses such a public file before it starts (see check-public-files), so a process of its own runs
    // the indexing here, as a build would, and must end on the error rather than with nothing said.
    await writeFile(join(outDir, 'pagefind'), 'in the way')
    const program = [
      `import {writePagefindBundles} from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../dist/search/write-pagefind-bundles.js')).href)}`,
      `const page = {url: '/a/', html: '<html lang="en"><body><h1>Harbour</h1><p>Berth</p></body></html>'}`,
      `writePagefindBundles([{language: 'en', folder: ${JSON.stringify(join(outDir, 'pagefind', 'en'))}, pages: [page]}])`,
      `  .then(() => console.log('written'), (error) => { console.log(error.code + ': ' + error.message); process.exitCode = 3 })`
    ].join('\n')
    const ran = spawnSync(process.execPath, ['--input-type=module', '-e', program], {encoding: 'utf8', timeout: 60_000, cwd: outDir})
    expect([ran.status, ran.stdout.trim()], ran.stderr).toEqual([3, 'SEARCH_INDEX_FAILED: Pagefind stopped before the search index was written'])
  })

  it('should write the same bundles on two Pagefind binaries as on one, each bundle once, the second begun when told', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const {releases} = await loadReleases({config, releasesDir: newsroom.releasesDir, cwd: newsroom.dir})
    const english = releases.find((release) => release.language === 'en' && release.embargo === undefined && !release.draft) as Release
    // Five bundles of a few pages each, every page with a word of its own.
    const bundles = (root: string, written: string[]) =>
      Array.from({length: 5}, (_, bundle) => ({
        language: 'en',
        folder: join(root, 'pagefind', `b${bundle}`),
        pages: Array.from({length: 6}, (_, index) => ({url: `/press/${bundle}/${index}/`, html: `<html lang="en"><body><h1>${english.title}</h1><p>Quay word${bundle}x${index} ${releaseHtml(english)}</p></body></html>`})),
        onWritten: () => void written.push(`b${bundle}`)
      }))
    const one: string[] = []
    await writePagefindBundles(bundles(join(outDir, 'one'), one))
    const two: string[] = []
    let added = 0
    let release = () => {}
    const begin = new Promise<void>((resolve) => (release = resolve))
    // Told to begin once the first bundle is written, as a build tells it once its other outputs are.
    const twoDone = writePagefindBundles(
      bundles(join(outDir, 'two'), two).map((bundle, index) => ({...bundle, onWritten: () => (bundle.onWritten(), index === 0 && release())})),
      {lanes: 2, lanesFrom: begin, onAdded: () => void added++}
    )
    await twoDone
    expect(one).toEqual(['b0', 'b1', 'b2', 'b3', 'b4'])
    expect([[...two].sort(), added]).toEqual([one, 30])
    // Pagefind names its files by their contents: the same pages give the same bundle, whichever binary wrote it.
    expect(readTree(join(outDir, 'two'))).toEqual(readTree(join(outDir, 'one')))
    const text = await searchIndexText(join(outDir, 'two'))
    for (let bundle = 0; bundle < 5; bundle++) expect(text).toContain(`word${bundle}x5`)
  })

  it('should fail, not hang, when a second binary stops without answering, alone or with the first', async () => {
    // A bundle whose folder is under a file: the binary that takes it panics and answers no more.
    await writeFile(join(outDir, 'blocked'), 'in the way')
    const fail = (folders: string[]) => {
      const program = [
        `import {writePagefindBundles} from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../dist/search/write-pagefind-bundles.js')).href)}`,
        `const page = {url: '/a/', html: '<html lang="en"><body><h1>Harbour</h1><p>Berth</p></body></html>'}`,
        `const bundles = ${JSON.stringify(folders)}.map((folder) => ({language: 'en', folder, pages: [page]}))`,
        `writePagefindBundles(bundles, {lanes: 2})`,
        `  .then(() => console.log('written'), (error) => { console.log(error.code + ': ' + error.message); process.exitCode = 3 })`
      ].join('\n')
      const ran = spawnSync(process.execPath, ['--input-type=module', '-e', program], {encoding: 'utf8', timeout: 60_000, cwd: outDir})
      return [ran.status, ran.stdout.trim()]
    }
    const stopped = [3, 'SEARCH_INDEX_FAILED: Pagefind stopped before the search index was written']
    // The first bundle goes to this thread's binary, the second to the lane thread's.
    expect(fail([join(outDir, 'fine', 'en'), join(outDir, 'blocked', 'en', 'a')])).toEqual(stopped)
    expect(fail([join(outDir, 'blocked', 'en', 'b'), join(outDir, 'blocked', 'en', 'c')])).toEqual(stopped)
  })

  it('should start a lane thread whose young generation a stream of short-lived pages does not grow past its bound', async () => {
    // What a lane thread's heap sees: page after page arriving, a window of them waiting for the binary, each garbage
    // once sent on. The young generation V8 grew for it by default, the thread's options bound.
    const pages = `
      const {parentPort} = require('node:worker_threads')
      const waiting = []
      for (let page = 0; page < 200000; page++) {
        waiting.push('<html lang="en"><body><h1>' + page + '</h1><p>' + 'Bollard quayside. '.repeat(20) + '</p></body></html>')
        if (waiting.length > 2000) waiting.shift()
      }
      parentPort.postMessage(require('node:v8').getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size)
    `
    const youngGeneration = (options: WorkerOptions) =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(pages, {...options, eval: true})
        worker.once('message', resolve)
        worker.once('error', reject)
      })
    const bound = laneYoungGenerationMb * 2 ** 20
    expect(await youngGeneration({execArgv: []})).toBeGreaterThan(bound)
    expect(await youngGeneration(laneThreadOptions(laneThreadData))).toBeLessThanOrEqual(bound)
  })

  it('should index a bundle on the lane thread the CLI bundle starts, and end it when asked', async () => {
    // The script the bundled CLI starts (dist/bin/), driven as writePagefindBundles drives it.
    const worker = new Worker(join(import.meta.dirname, '../../dist/bin/pagefind-lane.js'), laneThreadOptions(laneThreadData))
    const replies: LaneReply[] = []
    let answered = () => {}
    worker.on('message', (reply: LaneReply) => (replies.push(reply), answered()))
    const ask = (request: LaneRequest) => new Promise<LaneReply>((resolve) => {
      answered = () => resolve(replies.find((reply) => reply.id === request.id) as LaneReply)
      worker.postMessage(request)
    })
    try {
      const created = await ask({id: 1, op: 'create', language: 'en'})
      expect(created.errors).toEqual([])
      const index = created.index as number
      expect((await ask({id: 2, op: 'add', index, url: '/a/', html: '<html lang="en"><body><h1>Harbour</h1><p>Bollard quayside</p></body></html>'})).errors).toEqual([])
      expect((await ask({id: 3, op: 'write', index, folder: join(outDir, 'pagefind', 'en')})).errors).toEqual([])
      expect((await ask({id: 4, op: 'add', index: 99, url: '/b/', html: '<html></html>'})).errors).toEqual(['no Pagefind index 99 in this thread'])
      expect((await ask({id: 5, op: 'close'})).errors).toEqual([])
    } finally {
      await worker.terminate()
    }
    expect(await searchIndexText(outDir)).toContain('quayside')
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
    expect([turned.length, turned.every(Boolean), indexed.sort()]).toEqual([4, true, ['de/2026-q4', 'en/2025-q2', 'en/2026-q4', 'zh/2026-q4']])
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
