import {cp, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {keptOutput, outputDeps, outputKeys, type OutputDeps} from '../../src/cache/output-keys.js'
import {writeOutDir} from '../../src/build/write-out-dir.js'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import type {ListingReads} from '../../src/plan/output-plan.js'
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
  makeRelease({slug: 'first', fileDate: '2025-09-16', html: `<p>${body}</p>`}),
  // Featured, so the edited release is one of the index's entries (the list partial), not its featured release.
  makeRelease({slug: 'second', fileDate: '2025-09-15', featured: true})
]

/** The inode of a file in the build folder the next build writes (the one out/ does not link to), before it writes it. */
const nextInode = async (outDir: string, path: string) => (await stat(join(nextBuildDir(outDir).dir, path))).ino

/** Build `releases` into out/ with the site templates in `templates`, keeping what the cache allows; the index's inode. */
async function buildSite(templates: string, list: Release[]): Promise<{ino: number; html: string}> {
  const outDir = join(dir, 'out')
  await mkdir(join(dir, 'cache'), {recursive: true})
  await writeOutDir({config, releases: list, outDir, cwd: dir, now: Date.parse('2026-01-01T00:00:00Z'), writers: [(context) => writeSite(context, {templatesDir: templates})], plans: (c, list) => sitePlan(c, list, {templatesDir: templates}), cacheDir: join(dir, 'cache'), reuse: true})
  return {ino: (await stat(join(outDir, 'index.html'))).ino, html: await readFile(join(outDir, 'index.html'), 'utf8')}
}

/**
 * Build `before`, then `after`, with the shipped templates (whether the index page was kept in place, and its HTML), and
 * again from nothing with an entry partial that shows `shown` before its snippet (the index page before and after).
 */
async function editUnderBothTemplates(before: Release[], after: Release[], shown: string) {
  // Twice, so both build folders hold it.
  await buildSite(templatesDir, before)
  await buildSite(templatesDir, before)
  const plain = await nextInode(join(dir, 'out'), 'index.html')
  const kept = await buildSite(templatesDir, after)
  const showing = join(dir, 'templates')
  await cp(templatesDir, showing, {recursive: true})
  const partial = join(showing, 'partials', 'release-entry.liquid')
  await writeFile(partial, (await readFile(partial, 'utf8')).replace('<p class="release-snippet">', `${shown}<p class="release-snippet">`))
  await rm(join(dir, 'out'), {recursive: true})
  await rm(join(dir, 'cache'), {recursive: true})
  const showingBefore = (await buildSite(showing, before)).html
  const showingAfter = (await buildSite(showing, after)).html
  return {keptInPlace: kept.ino === plain, kept: kept.html, showingBefore, showingAfter}
}

describe('index and tag page keys', () => {
  it('should keep a listing page while only the bodies of its releases change, unless its template shows them', async () => {
    // A listing template that prints each body: the same edit must reach the index page.
    const edit = await editUnderBothTemplates(releases('old body'), releases('new body'), '<div class="body">{{ release.html | raw }}</div>')
    expect(edit.keptInPlace).toBe(true)
    expect(edit.showingBefore).toContain('<p>old body</p>')
    expect(edit.showingAfter).toContain('<p>new body</p>')
    expect(edit.showingAfter).not.toContain('old body')
  })

  it('should keep a listing page when a release on it is updated, unless its template shows the update', async () => {
    const updated = (at: string): Release[] => [makeRelease({slug: 'first', fileDate: '2025-09-16', updatedAt: Date.parse(at)}), makeRelease({slug: 'second', fileDate: '2025-09-15', featured: true})]
    // A list partial that shows when each release was updated: the same update must reach the index page.
    const edit = await editUnderBothTemplates(updated('2025-10-01T09:00:00Z'), updated('2025-10-02T09:00:00Z'), '{% if release.updated %}<p class="updated">{{ release.updated.date }}</p>{% endif %}')
    expect(edit.keptInPlace).toBe(true)
    expect(edit.kept).not.toContain('2025-10-0')
    expect(edit.showingBefore).toContain('<p class="updated">2025-10-01T')
    expect(edit.showingAfter).toContain('<p class="updated">2025-10-02T')
    expect(edit.showingAfter).not.toContain('2025-10-01T')
  })

  it('should key a tag page by the whole tag only when its template reads the tag\'s list', async () => {
    const paged = testConfig({pageSize: 2})
    // Three releases of one tag: its first page lists the two newest, the oldest is on page 2.
    const tagged = (oldestTitle: string): Release[] =>
      ['2025-09-17', '2025-09-16', '2025-09-15'].map((fileDate, index) =>
        makeRelease({slug: `r${index}`, fileDate, tags: ['ports'], title: index === 2 ? oldestTitle : `Release ${index}`})
      )
    const build = async (templates: string, list: Release[], cacheDir?: string) => {
      const outDir = join(dir, cacheDir ? 'out' : 'fresh')
      await rm(join(dir, 'fresh'), {recursive: true, force: true})
      await writeOutDir({config: paged, releases: list, outDir, cwd: dir, now: Date.parse('2026-01-01T00:00:00Z'), writers: [(context) => writeSite(context, {templatesDir: templates})], plans: (c, list) => sitePlan(c, list, {templatesDir: templates}), ...(cacheDir ? {cacheDir, reuse: true} : {})})
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

  it('should keep a listing page whose template reaches the bodies only by a name the analysis cannot see, without a body', async () => {
    // `map: 'html'` names the body in a string: the templates are found to read no body, so they are handed none, and
    // the page kept after a body edit is the page a fresh build writes.
    const mapping = join(dir, 'templates')
    await cp(templatesDir, mapping, {recursive: true})
    const partial = join(mapping, 'partials', 'release-list.liquid')
    await writeFile(partial, (await readFile(partial, 'utf8')).replace('<ol class="release-list">', '<div class="bodies">{{ releases | map: "html" | join: "" | raw }}</div><ol class="release-list">'))
    await buildSite(mapping, releases('old body'))
    await buildSite(mapping, releases('old body'))
    const before = await nextInode(join(dir, 'out'), 'index.html')
    const kept = await buildSite(mapping, releases('new body'))
    expect(kept.ino).toBe(before)
    expect(kept.html).toContain('<div class="bodies"></div>')
    expect(kept.html).not.toContain('body</p>')
  })

  it('should rewrite every kind of listing, and no release page, when the entry partial changes', async () => {
    // No listing template names the entry partial (it is drawn from code): its text must still be in their keys.
    const templates = join(dir, 'templates')
    await cp(templatesDir, templates, {recursive: true})
    const before = outputDeps(config, templates)
    const partial = join(templates, 'partials', 'release-entry.liquid')
    await writeFile(partial, (await readFile(partial, 'utf8')).replace('<p class="release-snippet">', '<p class="kicker">New</p><p class="release-snippet">'))
    const after = outputDeps(config, templates)
    for (const kind of ['index', 'tag', 'archive', 'organization'] as const) expect(after[kind], kind).not.toBe(before[kind])
    expect(after.releasePage).toBe(before.releasePage)
    expect(after.feeds).toBe(before.feeds)
  })

  it('should key a listing page by what its plan says its templates read', () => {
    const deps: OutputDeps = {releasePage: 'P', index: 'I', tag: 'T', archive: 'A', organization: 'O', feeds: 'F', newsml: 'N', search: 'S', emailPreview: 'E', card: 'C'}
    const list = (title: string, html: string, updatedAt?: number) => [makeRelease({slug: 'first', fileDate: '2025-09-16', title, html, ...(updatedAt === undefined ? {} : {updatedAt})})]
    const keyOf = (items: Release[], reads: ListingReads, whole?: Release[]) =>
      outputKeys([{path: '/tags/ports/', kind: 'tag', shows: ['tag', 'ports'], releases: items, listing: {reads, ...(whole ? {whole} : {})}}], deps)['/tags/ports/'] as string
    const fields = {bodies: false, updated: false, tagReleases: false}
    const bodies = {bodies: true, updated: false, tagReleases: false}
    const updates = {bodies: false, updated: true, tagReleases: false}
    // A body edit changes the file's hash only: the key of a page that reads no body stays.
    expect(keyOf(list('A', '<p>1</p>'), fields)).toBe(keyOf(list('A', '<p>2</p>'), fields))
    expect(keyOf(list('A', '<p>1</p>'), bodies)).not.toBe(keyOf(list('A', '<p>2</p>'), bodies))
    expect(keyOf(list('A', '<p>1</p>'), fields)).not.toBe(keyOf(list('B', '<p>1</p>'), fields))
    // An edit of a published release is an update: it changes the key of a page that shows updates, or bodies, only.
    const update = (at: number) => list('A', '<p>1</p>', Date.parse('2025-10-01T00:00:00Z') + at)
    expect(keyOf(update(1), fields)).toBe(keyOf(update(2), fields))
    expect(keyOf(update(1), fields)).toBe(keyOf(list('A', '<p>1</p>'), fields))
    expect(keyOf(update(1), updates)).not.toBe(keyOf(update(2), updates))
    expect(keyOf(update(1), updates)).not.toBe(keyOf(list('A', '<p>1</p>'), updates))
    expect(keyOf(update(1), bodies)).not.toBe(keyOf(update(2), bodies))
    // The tag's whole list counts only for a template that reads it.
    const other = (title: string) => [makeRelease({slug: 'older', fileDate: '2025-09-15', title})]
    const page = list('A', '<p>1</p>')
    expect(keyOf(page, fields, [...page, ...other('m1')])).toBe(keyOf(page, fields, [...page, ...other('m2')]))
    const whole = {bodies: false, updated: false, tagReleases: true}
    expect(keyOf(page, whole, [...page, ...other('m1')])).not.toBe(keyOf(page, whole, [...page, ...other('m2')]))
    // Named by what they cover, as the manifests of earlier builds stored them.
    expect(keyOf(page, fields)).toMatch(/^page-meta:[0-9a-f]{32}$/)
    expect(keyOf(page, {bodies: true, updated: true, tagReleases: true}, page)).toMatch(/^tag-body:[0-9a-f]{32}$/)
    // The cache's hashes of a release, kept beside it, are what the keys follow when the build has them.
    const cached = (content: string) => () => ({content, meta: 'cached-meta'})
    const pageOf = (item: Release, hashesOf: () => {content: string; meta: string}) => outputKeys([{path: item.urlPath, kind: 'releasePage', shows: [], releases: [item]}], deps, hashesOf)[item.urlPath]
    const [edited] = list('A', '<p>2</p>')
    expect(pageOf(page[0] as Release, cached('k1'))).toBe(pageOf(edited as Release, cached('k1')))
    expect(pageOf(page[0] as Release, cached('k1'))).not.toBe(pageOf(page[0] as Release, cached('k2')))
    expect(keptOutput('abc', 'abc')).toBe(true)
    expect(keptOutput(undefined, 'abc')).toBe(false)
    expect(keptOutput('listing page-meta:M page-body:B', 'page-meta:M')).toBe(false)
  })
})
