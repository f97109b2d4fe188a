import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {writeOutDir, type FirstOutput} from '../../src/build/write-out-dir.js'
import type {OutputContext} from '../../src/build/output-context.js'
import type {OutputPlan} from '../../src/plan/output-plan.js'
import {releaseHtml, type Release} from '../../src/release/release.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-first-output-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

const config = testConfig()
const now = Date.parse('2026-01-01T00:00:00Z')
const releases = (body: string): Release[] => [makeRelease({slug: 'first', fileDate: '2025-09-16', html: `<p>${body}</p>`}), makeRelease({slug: 'second', fileDate: '2025-09-15', html: '<p>Quay.</p>'})]

async function put(outDir: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(outDir, path)), {recursive: true})
  await writeFile(join(outDir, path), text)
}

/**
 * A folder output written first, as the search index is, each of whose files shows one release's body, and a feed
 * planned and written after it; `log` says what happened in which order, `failure` fails the folder's writer.
 */
function outputs(log: string[], failure?: Error): {first: FirstOutput; plans: (c: unknown, list: readonly Release[]) => OutputPlan[]; writers: Array<(context: OutputContext) => Promise<void>>} {
  let feedWritten = () => {}
  const fed = new Promise<void>((resolve) => (feedWritten = resolve))
  return {
    first: {
      plans: (_, list) => [{path: '/index-folder/', kind: 'search', shows: [], releases: list, folder: true}],
      write: async (context, ready) => {
        if (context.unchanged?.has('/index-folder/') === true) return void log.push('folder kept')
        log.push('folder begun')
        for (const release of context.releases) await put(context.outDir, `index-folder/${release.slug}.txt`, releaseHtml(release))
        ready()
        // Ends only once the others are written, as Pagefind's binary still indexes while the site is written (were they
        // written after it, the build would never end, and the test time out).
        await fed
        log.push('folder written')
        if (failure) throw failure
      }
    },
    plans: (_, list) => {
      log.push('feed planned')
      return [{path: '/feed.txt', kind: 'feeds', shows: [], releases: list}]
    },
    writers: [
      async (context) => {
        if (context.unchanged?.has('/feed.txt') !== true) await put(context.outDir, 'feed.txt', context.releases.map((release) => release.slug).join('\n'))
        log.push('feed written')
        feedWritten()
      }
    ]
  }
}

async function build(list: Release[], log: string[], failure?: Error): Promise<void> {
  await writeOutDir({config, releases: list, outDir: join(dir, 'out'), cwd: dir, now, ...outputs(log, failure), cacheDir: join(dir, 'cache'), reuse: true})
}

describe('the output written first', () => {
  it('should be begun before the others are planned, written beside them, and kept like any other output', async () => {
    const log: string[] = []
    await build(releases('Berth one'), log)
    expect(log).toEqual(['folder begun', 'feed planned', 'feed written', 'folder written'])
    expect(await readFile(join(dir, 'out', 'index-folder', 'first.txt'), 'utf8')).toBe('<p>Berth one</p>')
    // Unchanged, both are kept, and the folder's files are still in the build.
    log.length = 0
    await build(releases('Berth one'), log)
    expect(log).toEqual(['folder kept', 'feed planned', 'feed written'])
    expect(await readFile(join(dir, 'out', 'index-folder', 'second.txt'), 'utf8')).toBe('<p>Quay.</p>')
    // An edit writes the folder again: its key is the edited release's.
    log.length = 0
    await build(releases('Berth two'), log)
    expect(log).toEqual(['folder begun', 'feed planned', 'feed written', 'folder written'])
    expect(await readFile(join(dir, 'out', 'index-folder', 'first.txt'), 'utf8')).toBe('<p>Berth two</p>')
  })

  it('should fail the build once the others are written when it fails, and leave out/ as it was', async () => {
    await build(releases('Berth one'), [])
    const log: string[] = []
    await expect(build(releases('Berth two'), log, new Error('Pagefind refused the shard'))).rejects.toThrow('Pagefind refused the shard')
    expect(log).toEqual(['folder begun', 'feed planned', 'feed written', 'folder written'])
    expect(await readFile(join(dir, 'out', 'index-folder', 'first.txt'), 'utf8')).toBe('<p>Berth one</p>')
    // The staging folder went with the failed build.
    expect((await readdir(join(dir, '.out.builds'))).filter((name) => name.startsWith('tmp-'))).toEqual([])
  })
})

describe('a folder output written again', () => {
  /** A folder of two files of the same size each build: one named as if by its contents, one not; `text` is their bytes. */
  const folderBuild = (list: Release[], text: string) =>
    writeOutDir({
      config,
      releases: list,
      outDir: join(dir, 'out'),
      cwd: dir,
      now,
      plans: (_, all) => [{path: '/bundle/', kind: 'search', shows: [], releases: all, folder: true, namedByContent: /_[0-9a-f]{7,}\.pf_fragment$/}],
      writers: [
        async (context) => {
          if (context.unchanged?.has('/bundle/') === true) return
          await put(context.outDir, 'bundle/fragment/en_0a1b2c3d.pf_fragment', text)
          await put(context.outDir, 'bundle/entry.json', text)
        }
      ],
      cacheDir: join(dir, 'cache'),
      reuse: true
    })

  it('should keep a file named by its contents that the last build wrote too, and compare the others byte by byte', async () => {
    await folderBuild(releases('Berth one'), 'one1')
    // A changed release writes the folder again; a writer that names files by their contents never writes other bytes
    // under the same name, so the last build's file stands, unread, while a file of a fixed name is compared.
    await folderBuild(releases('Berth two'), 'two2')
    expect(await readFile(join(dir, 'out', 'bundle', 'fragment', 'en_0a1b2c3d.pf_fragment'), 'utf8')).toBe('one1')
    expect(await readFile(join(dir, 'out', 'bundle', 'entry.json'), 'utf8')).toBe('two2')
    // A file of another size is the writer's, whatever its name.
    await folderBuild(releases('Berth three'), 'three3')
    expect(await readFile(join(dir, 'out', 'bundle', 'fragment', 'en_0a1b2c3d.pf_fragment'), 'utf8')).toBe('three3')
  })
})
