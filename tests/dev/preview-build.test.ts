import {cp, mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../../src/build.js'
import {loadConfig} from '../../src/config/load-config.js'
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
})
