import {cp, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {keptOutput, storedKey} from '../../src/cache/output-keys.js'
import {writeOutDir} from '../../src/cache/write-out-dir.js'
import type {Release} from '../../src/release/release.js'
import {templatesDir} from '../../src/site/create-liquid.js'
import {writeSite} from '../../src/site/write-site.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-listing-keys-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

const config = testConfig()
const releases = (body: string): Release[] => [
  makeRelease({slug: 'first', fileDate: '2025-09-16', metaHash: 'meta-1', contentHash: `file-1-${body}`, html: `<p>${body}</p>`}),
  makeRelease({slug: 'second', fileDate: '2025-09-15', metaHash: 'meta-2', contentHash: 'file-2'})
]

/** Build `releases` into out/ with the site templates in `templates`, keeping what the cache allows; the index's inode. */
async function buildSite(templates: string, list: Release[]): Promise<{ino: number; html: string}> {
  const outDir = join(dir, 'out')
  await mkdir(join(dir, 'cache'), {recursive: true})
  await writeOutDir({config, releases: list, outDir, cwd: dir, now: Date.parse('2026-01-01T00:00:00Z'), writers: [(context) => writeSite(context, {templatesDir: templates})], cacheDir: join(dir, 'cache'), reuse: true})
  return {ino: (await stat(join(outDir, 'index.html'))).ino, html: await readFile(join(outDir, 'index.html'), 'utf8')}
}

describe('index and tag page keys', () => {
  it('should keep a listing page while only the bodies of its releases change, unless its template shows them', async () => {
    const plain = await buildSite(templatesDir, releases('old body'))
    const kept = await buildSite(templatesDir, releases('new body'))
    expect(kept.ino).toBe(plain.ino)

    // A listing template that prints each body: the same edit must reach the index page.
    const showing = join(dir, 'templates')
    await cp(templatesDir, showing, {recursive: true})
    const partial = join(showing, 'partials', 'release-list.liquid')
    await writeFile(partial, (await readFile(partial, 'utf8')).replace('<p class="release-snippet">', '<div class="body">{{ release.html | raw }}</div><p class="release-snippet">'))
    await rm(join(dir, 'out'), {recursive: true})
    await rm(join(dir, 'cache'), {recursive: true})
    expect((await buildSite(showing, releases('old body'))).html).toContain('<p>old body</p>')
    const rewritten = await buildSite(showing, releases('new body'))
    expect(rewritten.html).toContain('<p>new body</p>')
    expect(rewritten.html).not.toContain('old body')
  })

  it('should compare a stored listing key by what its render read', () => {
    const current = 'listing M B'
    expect(keptOutput(storedKey(current, false), 'listing M B2')).toBe(true)
    expect(keptOutput(storedKey(current, false), 'listing M2 B')).toBe(false)
    expect(keptOutput(storedKey(current, true), 'listing M2 B')).toBe(true)
    expect(keptOutput(storedKey(current, true), 'listing M B2')).toBe(false)
    // Not known whether it read a body: keyed by the bodies, the safe side.
    expect(storedKey(current, undefined)).toBe('body B')
    expect(keptOutput('abc', 'abc')).toBe(true)
    expect(keptOutput(undefined, 'abc')).toBe(false)
    // A key of the last build's format is not taken for either.
    expect(keptOutput('M', current)).toBe(false)
  })
})
