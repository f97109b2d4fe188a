import {appendFile, cp, mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {readTree} from '../cache/bench-newsroom.js'
import {fixtureNewsroom} from '../server/start-test-subscriptions.js'

let dir = ''
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

// Before the embargo of the quarterly results lifts; the board release is a draft.
const now = Date.parse('2025-09-20T12:00:00Z')
const held = ['2025-09-19-board-changes', '2025-09-22-quarterly-results']

async function buildFixture(preview: boolean) {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-preview-build-'))
  await cp(fixtureNewsroom, dir, {recursive: true})
  const config = loadConfig(join(dir, 'pressroom.config.json'))
  const result = await build({config, releasesDir: join(dir, 'releases'), outDir: join(dir, 'out'), now, cwd: dir, ...(preview ? {preview: true} : {})})
  return {result, out: join(dir, 'out')}
}

describe('the preview flag of build()', () => {
  it('should keep drafts and embargoed releases out of every file of a real build', async () => {
    const {result, out} = await buildFixture(false)
    expect(result.ok).toBe(true)
    expect(result.held.map((entry) => entry.release.id).sort()).toEqual(held)
    expect(result.published.map((release) => release.id)).not.toContain(held[0])
    expect((await readdir(join(out, 'releases'))).sort()).toEqual(['2025-09-15-harbour-shore-power', '2025-09-18-storage-tender-results'])
    const everything = await Promise.all(['index.html', 'rss.xml', 'feed.json', 'sitemap.xml'].map((file) => readFile(join(out, file), 'utf8').catch(() => '')))
    for (const text of everything) {
      expect(text).not.toContain('board-changes')
      expect(text).not.toContain('quarterly-results')
    }
  })

  it('should write held-back releases in a preview build and still list them as held, so the preview can mark them', async () => {
    const {result, out} = await buildFixture(true)
    expect(result.ok).toBe(true)
    expect(result.held.map((entry) => [entry.release.id, entry.reason.kind]).sort()).toEqual([[held[0], 'draft'], [held[1], 'embargo']])
    expect((await readdir(join(out, 'releases'))).sort()).toEqual(['2025-09-15-harbour-shore-power', '2025-09-18-storage-tender-results', ...held])
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('New chair for the Harbour &amp; Grid board')
  })

  it('should rebuild a preview from its cache, rewriting only what an edit reaches, and never hand its pages to a real build', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-preview-build-'))
    await cp(fixtureNewsroom, dir, {recursive: true})
    const config = loadConfig(join(dir, 'pressroom.config.json'))
    const options = {config, releasesDir: join(dir, 'releases'), outDir: join(dir, 'out'), now, cwd: dir, cache: 'reuse' as const, workers: 0}
    const page = (id: string) => join(dir, 'out', 'releases', id, 'index.html')
    await build({...options, preview: true})
    const kept = (await stat(page('2025-09-15-harbour-shore-power'))).ino
    const edited = (await stat(page(held[0] as string))).ino
    await appendFile(join(dir, 'releases', `${held[0]}.md`), '\nA line added in the preview.\n')
    const again = await build({...options, preview: true})
    expect(again.rendered).toBe(1)
    expect((await stat(page('2025-09-15-harbour-shore-power'))).ino).toBe(kept)
    expect((await stat(page(held[0] as string))).ino).not.toBe(edited)
    expect(await readFile(page(held[0] as string), 'utf8')).toContain('A line added in the preview.')
    // The same as a preview built from nothing.
    await build({...options, outDir: join(dir, 'fresh'), cache: undefined, preview: true})
    const [incremental, fresh] = await Promise.all([readTree(join(dir, 'out')), readTree(join(dir, 'fresh'))])
    expect([...incremental.keys()]).toEqual([...fresh.keys()])
    for (const [path, bytes] of fresh) expect(incremental.get(path)?.equals(bytes), path).toBe(true)

    // A real build into the same folder, with the same cache: not one held-back page or mention survives.
    await build(options)
    expect((await readdir(join(dir, 'out', 'releases'))).sort()).toEqual(['2025-09-15-harbour-shore-power', '2025-09-18-storage-tender-results'])
    for (const [path, bytes] of await readTree(join(dir, 'out'))) {
      for (const id of held) expect(bytes.includes(id.slice(11)), `${path} names ${id}`).toBe(false)
    }
  })
})
