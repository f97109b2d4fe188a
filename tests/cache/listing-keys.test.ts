import {cp, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {keptOutput, storedKey} from '../../src/cache/output-keys.js'
import {writeOutDir} from '../../src/build/write-out-dir.js'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import type {Release} from '../../src/release/release.js'
import {templatesDir} from '../../src/liquid/create-liquid.js'
import {sitePlan} from '../../src/site/site-plan.js'
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

/** The inode of a file in the build folder the next build writes (the one out/ does not link to), before it writes it. */
const nextInode = async (outDir: string, path: string) => (await stat(join(nextBuildDir(outDir).dir, path))).ino

/** Build `releases` into out/ with the site templates in `templates`, keeping what the cache allows; the index's inode. */
async function buildSite(templates: string, list: Release[]): Promise<{ino: number; html: string}> {
  const outDir = join(dir, 'out')
  await mkdir(join(dir, 'cache'), {recursive: true})
  await writeOutDir({config, releases: list, outDir, cwd: dir, now: Date.parse('2026-01-01T00:00:00Z'), writers: [(context) => writeSite(context, {templatesDir: templates})], plans: sitePlan, cacheDir: join(dir, 'cache'), reuse: true})
  return {ino: (await stat(join(outDir, 'index.html'))).ino, html: await readFile(join(outDir, 'index.html'), 'utf8')}
}

describe('index and tag page keys', () => {
  it('should keep a listing page while only the bodies of its releases change, unless its template shows them', async () => {
    // Twice, so both build folders hold it.
    await buildSite(templatesDir, releases('old body'))
    await buildSite(templatesDir, releases('old body'))
    const plain = await nextInode(join(dir, 'out'), 'index.html')
    const kept = await buildSite(templatesDir, releases('new body'))
    expect(kept.ino).toBe(plain)

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

  it('should key a tag page by the whole tag only when its template reads the tag\'s list', async () => {
    const paged = testConfig({pageSize: 2})
    // Three releases of one tag: its first page lists the two newest, the oldest is on page 2.
    const tagged = (oldestTitle: string): Release[] =>
      ['2025-09-17', '2025-09-16', '2025-09-15'].map((fileDate, index) =>
        makeRelease({slug: `r${index}`, fileDate, tags: ['ports'], title: index === 2 ? oldestTitle : `Release ${index}`, metaHash: `meta-${index}-${index === 2 ? oldestTitle : ''}`, contentHash: `file-${index}-${oldestTitle}`})
      )
    const build = async (templates: string, list: Release[], cacheDir?: string) => {
      const outDir = join(dir, cacheDir ? 'out' : 'fresh')
      await rm(join(dir, 'fresh'), {recursive: true, force: true})
      await writeOutDir({config: paged, releases: list, outDir, cwd: dir, now: Date.parse('2026-01-01T00:00:00Z'), writers: [(context) => writeSite(context, {templatesDir: templates})], plans: sitePlan, ...(cacheDir ? {cacheDir, reuse: true} : {})})
      const file = join(outDir, 'tags', 'ports', 'index.html')
      return {ino: (await stat(file)).ino, html: await readFile(file, 'utf8')}
    }
    const cache = join(dir, 'cache')
    await mkdir(cache, {recursive: true})
    // The shipped tag template shows the page's entries and the tag's size: retitling a release of page 2 keeps page 1.
    await build(templatesDir, tagged('Old title'), cache)
    await build(templatesDir, tagged('Old title'), cache)
    const before = await nextInode(join(dir, 'out'), 'tags/ports/index.html')
    expect((await build(templatesDir, tagged('New title'), cache)).ino).toBe(before)

    // A tag template that names every release of the tag, on each of its pages.
    const every = join(dir, 'templates')
    await cp(templatesDir, every, {recursive: true})
    const tagTemplate = join(every, 'tag.liquid')
    await writeFile(tagTemplate, (await readFile(tagTemplate, 'utf8')).replace('{%- endblock %}', '<ul class="all">{% for item in tag.releases %}<li>{{ item.title }}</li>{% endfor %}</ul>\n{%- endblock %}'))
    await rm(join(dir, 'out'), {recursive: true})
    await rm(cache, {recursive: true})
    await mkdir(cache, {recursive: true})
    expect((await build(every, tagged('Old title'), cache)).html).toContain('<li>Old title</li>')
    const rewritten = await build(every, tagged('New title'), cache)
    expect(rewritten.html).toContain('<li>New title</li>')
    expect(rewritten.html).toBe((await build(every, tagged('New title'))).html)
  })

  it('should compare a stored listing key by what its render read', () => {
    const read = (bodies: boolean, tagReleases = false) => ({bodies, tagReleases})
    const current = 'listing page-meta:M page-body:B'
    expect(keptOutput(storedKey(current, read(false)), 'listing page-meta:M page-body:B2')).toBe(true)
    expect(keptOutput(storedKey(current, read(false)), 'listing page-meta:M2 page-body:B')).toBe(false)
    expect(keptOutput(storedKey(current, read(true)), 'listing page-meta:M2 page-body:B')).toBe(true)
    expect(keptOutput(storedKey(current, read(true)), 'listing page-meta:M page-body:B2')).toBe(false)
    // Not known what it read: keyed by the bodies, the safe side.
    expect(storedKey(current, undefined)).toBe('page-body:B')
    // A tag page: the tag's whole list is in its key when the render read it, or when that is not known.
    const tag = 'listing page-meta:M page-body:B tag-meta:TM tag-body:TB'
    expect(storedKey(tag, read(false))).toBe('page-meta:M')
    expect(storedKey(tag, read(false, true))).toBe('tag-meta:TM')
    expect(storedKey(tag, read(true, true))).toBe('tag-body:TB')
    expect(storedKey(tag, undefined)).toBe('tag-body:TB')
    expect(keptOutput('tag-meta:TM', 'listing page-meta:M page-body:B tag-meta:TM2 tag-body:TB')).toBe(false)
    expect(keptOutput('page-meta:M', 'listing page-meta:M page-body:B tag-meta:TM2 tag-body:TB2')).toBe(true)
    expect(keptOutput('abc', 'abc')).toBe(true)
    expect(keptOutput(undefined, 'abc')).toBe(false)
    // Keys of earlier formats are not taken for any variant.
    expect(keptOutput('M', current)).toBe(false)
    expect(keptOutput('meta M', 'listing M B')).toBe(false)
    expect(keptOutput('listing', current)).toBe(false)
  })
})
