import {appendFile, mkdir, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {build, type BuildOptions} from '../../src/build/build.js'
import {folderHash} from '../../src/cache/build-stamp.js'
import {checkUpToDate} from '../../src/cache/up-to-date.js'
import type {Config} from '../../src/config/config-schema.js'
import {configSchema} from '../../src/config/config-schema.js'
import {renderConfigKeys} from '../../src/config/render-config.js'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import {benchNow, firstRelease, makeBenchNewsroom, makeCachedBuild, readTree} from './bench-newsroom.js'

const now = benchNow
let newsroom: Awaited<ReturnType<typeof makeBenchNewsroom>>
let options: BuildOptions

beforeEach(async () => {
  ;({newsroom, options} = await makeCachedBuild(10))
})
afterEach(() => newsroom.remove())

async function uncachedTree(): Promise<Map<string, Buffer>> {
  const outDir = join(newsroom.dir, 'uncached')
  // A cache folder of its own: the sample digest it writes must not stand in for the cached build's.
  await build({...options, outDir, cache: undefined, cacheDir: join(newsroom.dir, 'uncached-cache')})
  return readTree(outDir)
}

const previewDir = () => join(newsroom.dir, '.pressroom-cache', 'email-preview')
const outputStoreDir = () => join(newsroom.dir, '.pressroom-cache', 'output-files')

/** {@link inodes} of an out folder and of the sample digest, which lives outside it (as `email-preview/…`). */
async function outputInodes(dir: string): Promise<Map<string, number>> {
  const found = await inodes(dir)
  for (const [path, ino] of await inodes(previewDir())) found.set(`email-preview/${path}`, ino)
  return found
}

/**
 * The inode of every file under `dir`: a file the build rewrote has a new one, since outputs are moved in. A build
 * writes the build folder `out/` does not link to, so compare that folder before a build with `out/` after it.
 */
async function inodes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (const path of (await readTree(dir)).keys()) found.set(path, (await stat(join(dir, path))).ino)
  return found
}

function expectSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>) {
  expect([...actual.keys()]).toEqual([...expected.keys()])
  for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true)
}

describe('the build cache', () => {
  it('should render only the edited release, with the same messages and bytes as a build without the cache', async () => {
    const cold = await build(options)
    expect(cold.rendered).toBe(12)
    const warm = await build(options)
    expect(warm.rendered).toBe(0)
    expect(warm.files.map((file) => file.messages.map(String))).toEqual(cold.files.map((file) => file.messages.map(String)))
    await appendFile(await firstRelease(newsroom.releasesDir), '\nAn added closing paragraph.\n')
    const edited = await build(options)
    expect(edited.rendered).toBe(1)
    expect(edited.files.map((file) => file.messages.map(String))).toEqual(cold.files.map((file) => file.messages.map(String)))
    expectSameTree(await readTree(options.outDir), await uncachedTree())
  })

  it('should rewrite only the index and tag pages that list an edited release, and leave out/ as a full build would', async () => {
    // Pages of three, so the twelve releases spread over several index pages and most tags have pages without the edit.
    options = {...options, config: {...options.config, pageSize: 3}}
    // Twice, so both build folders hold it (see `inodes`).
    await build(options)
    await build(options)
    const next = () => inodes(nextBuildDir(options.outDir).dir)
    const isListing = (path: string) => path === 'index.html' || /^(page|tags\/[^/]+)\/.*index\.html$/.test(path)
    const edited = await firstRelease(newsroom.releasesDir)
    const id = edited.replace(/^.*\/|\.md$/g, '')

    // A paragraph added at the end changes the body only, which no listing shows: its page is all that is rewritten.
    let before = await next()
    await appendFile(edited, '\nAn added closing paragraph.\n')
    await build(options)
    let after = await inodes(options.outDir)
    const bodyOnly = [...after].filter(([path, ino]) => before.get(path) !== ino).map(([path]) => path)
    expect(bodyOnly).toContain(`releases/${id}/index.html`)
    expect(bodyOnly.filter(isListing)).toEqual([])
    expectSameTree(await readTree(options.outDir), await uncachedTree())

    // A new title is shown by every listing of the release, and by no other.
    await build(options)
    before = await next()
    await writeFile(edited, (await readFile(edited, 'utf8')).replace(/^title: .*$/m, 'title: A title no listing showed before'))
    await build(options)
    after = await inodes(options.outDir)
    const rewritten = [...after].filter(([path, ino]) => before.get(path) !== ino).map(([path]) => path)
    const listings = rewritten.filter(isListing)
    // Every listing page that was rewritten lists the edited release, and every one that lists it was rewritten.
    const listing = [...after.keys()].filter((path) => path === 'index.html' || /^(page|tags\/[^/]+\/)/.test(path) && path.endsWith('index.html'))
    const listsIt = await Promise.all(listing.map(async (path) => (await readFile(join(options.outDir, path), 'utf8')).includes(`/releases/${id}/`)))
    expect(listings.sort()).toEqual(listing.filter((_, index) => listsIt[index]).sort())
    expect(listings.length).toBeGreaterThan(0)
    expect(listings.length).toBeLessThan(listing.length / 2)
    expect(rewritten).toContain(`releases/${id}/index.html`)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
  })

  it('should leave out/ exactly as a full build would after releases are removed, held back or added', async () => {
    await build(options)
    const first = await firstRelease(newsroom.releasesDir)
    const text = await readFile(first, 'utf8')
    await rm(first)
    const second = join(newsroom.releasesDir, '2026-10-30-warning-raw-html.md')
    await writeFile(second, (await readFile(second, 'utf8')).replace('colour: blue', 'draft: true'))
    await writeFile(join(newsroom.releasesDir, '2026-10-31-brand-new.md'), '---\ntitle: Brand new\ndateline: OSLO, Norway\nsource: Northwind\ntags: [fresh topic]\n---\n\nThe lede.\n')
    const result = await build(options)
    expect(result.rendered).toBe(2)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
    await writeFile(first, text)
    await build(options)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
  })

  it('should write the sample digest beside the cache, never into out/, and leave it as it is when nothing it shows changed', async () => {
    await build(options)
    expect([...(await readTree(options.outDir)).keys()].filter((path) => /(^|\/)(email|preview\.)/.test(path))).toEqual([])
    expect((await readdir(previewDir())).sort()).toEqual(['preview.eml', 'preview.html'])
    const cold = await inodes(previewDir())
    // Nothing changed: the preview is kept, as the out folder's pages are.
    await build(options)
    expect(await inodes(previewDir())).toEqual(cold)
    // Its folder is outside what the manifest vouches for: gone, it is written again though its key is the same.
    await rm(previewDir(), {recursive: true})
    await build(options)
    expect((await readdir(previewDir())).sort()).toEqual(['preview.eml', 'preview.html'])
    const rewritten = await inodes(previewDir())
    // A new newest release is in the preview, so it is written again.
    await writeFile(join(newsroom.releasesDir, '2026-12-01-preview-headline.md'), '---\ntitle: A headline for the preview\ndateline: OSLO, Norway\nsource: Northwind\n---\n\nThe lede.\n')
    await build(options)
    expect((await inodes(previewDir())).get('preview.html')).not.toBe(rewritten.get('preview.html'))
    expect(await readFile(join(previewDir(), 'preview.html'), 'utf8')).toContain('A headline for the preview')
    expect([...(await readTree(options.outDir)).keys()].filter((path) => /(^|\/)(email|preview\.)/.test(path))).toEqual([])
  })

  it('should render everything again for --no-cache', async () => {
    await build(options)
    expect((await build({...options, cache: 'rebuild'})).rendered).toBe(12)
  })

  it('should render and rewrite, for each config field changed, only what reads it, leaving out/ as a full build would', async () => {
    // Each field in turn gets a new value, in its validated form; every field of the schema must be here.
    const changes: {[Field in keyof Config]-?: Config[Field]} = {
      title: 'Another Newsroom',
      description: 'Another description.',
      logo: 'https://news.other.example/brand.svg',
      icon: 'https://news.other.example/icon.png',
      baseUrl: 'https://news.other.example/press',
      language: 'de',
      timeZone: 'America/New_York',
      distributor: 'PR NEWSWIRE',
      pageSize: 4,
      feedSize: 3,
      // `recent` stays as it is: which pages get a card of their own is tests/cards/write-cards.test.ts's.
      cards: {background: '#203040', foreground: '#fafafa', accent: '#e05a2b', recent: 50},
      feedImage: 'https://news.other.example/logo.png',
      publisher: {name: 'Another Publisher', url: 'https://publisher.example'},
      database: 'data/other.db',
      subscribeUrl: 'https://news.other.example/subscribe',
      email: {from: 'Other <news@other.example>', subjectPrefix: '[Other]'},
      digest: {firstWindow: 2 * 24 * 60 * 60 * 1000},
      websub: {hubs: ['https://hub.other.example/']},
      deploy: {command: 'true'},
      schedule: {digests: [{cron: '0 8 * * 1-5'}]},
      bounces: {softLimit: 5, softWindowDays: 30}
    }
    expect(Object.keys(changes).sort()).toEqual(Object.keys(configSchema.shape).sort())
    // Kinds of kept outputs a field must not reach (the topics page, 404, sitemaps and stylesheet are always written).
    const kindOf = (path: string) =>
      /^releases\/[^/]+\/index\.html$/.test(path)
        ? 'release page'
        : path === 'index.html' || path.startsWith('page/') || /^tags\/[^/]+\/(page\/\d+\/)?index\.html$/.test(path)
          ? 'listing'
          : path.startsWith('email-preview/')
            ? 'email preview'
            : path.startsWith('pagefind/')
              ? 'search index'
              : /\.(xml|json)$/.test(path) && !path.endsWith('sitemap.xml')
                ? 'feed'
                : 'always written'
    const untouched: Partial<Record<keyof Config, Array<ReturnType<typeof kindOf>>>> = {
      pageSize: ['release page', 'feed', 'email preview'],
      feedSize: ['release page', 'listing', 'email preview'],
      feedImage: ['release page', 'listing', 'email preview'],
      database: ['release page', 'listing', 'feed', 'email preview'],
      email: ['release page', 'listing', 'feed'],
      digest: ['release page', 'listing', 'feed', 'email preview'],
      deploy: ['release page', 'listing', 'feed', 'email preview'],
      schedule: ['release page', 'listing', 'feed', 'email preview'],
      bounces: ['release page', 'listing', 'feed', 'email preview'],
      subscribeUrl: ['feed'],
      logo: ['feed'],
      icon: ['feed'],
      cards: ['release page', 'listing', 'feed', 'email preview'],
      websub: ['release page', 'listing', 'email preview']
    }
    // The search index reads the releases and the base path of its URLs; the other fields of a render re-render them.
    for (const field of Object.keys(changes) as Array<keyof Config>) {
      if (!['baseUrl', ...renderConfigKeys].includes(field)) untouched[field] = [...(untouched[field] ?? []), 'search index']
    }
    let config = options.config
    await build(options)
    for (const [field, value] of Object.entries(changes) as Array<[keyof Config, unknown]>) {
      // Again, so the build folder the next build writes holds the last config too (see `inodes`).
      await build(options)
      const before = await outputInodes(nextBuildDir(options.outDir).dir)
      config = {...config, [field]: value}
      options = {...options, config}
      const result = await build(options)
      expect(result.rendered, field).toBe((renderConfigKeys as readonly string[]).includes(field) ? 12 : 0)
      expectSameTree(await readTree(options.outDir), await uncachedTree())
      const after = await outputInodes(options.outDir)
      const rewritten = [...after].filter(([path, ino]) => before.get(path) !== ino).map(([path]) => path)
      const kinds = new Set(rewritten.map(kindOf))
      for (const kind of untouched[field] ?? []) expect(kinds.has(kind), `${field} rewrote a ${kind}: ${rewritten.filter((path) => kindOf(path) === kind).slice(0, 3).join(', ')}`).toBe(false)
      if (field === 'title') expect(kinds).toEqual(new Set(['release page', 'listing', 'feed', 'email preview', 'always written']))
    }
    // Three builds a config field: the default minute is too short for all of them on a busy machine.
  }, 180_000)

  it('should throw away a corrupted index and rebuild it, never trusting it', async () => {
    await build(options)
    const index = join(newsroom.dir, '.pressroom-cache', 'renders', 'renders.json')
    const text = await readFile(index, 'utf8')
    await writeFile(index, text.replace('"messages":[]', '"messages":[{"reason":"forged"}]'))
    const forged = await build(options)
    expect(forged.rendered).toBe(12)
    expect(forged.files.flatMap((file) => file.messages.map(String)).join()).not.toContain('forged')
    await writeFile(index, text.slice(0, text.length / 2))
    expect((await build(options)).rendered).toBe(12)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
  })

  it('should keep edits in a journal beside the index, and survive a journal that is torn or belongs to another index', async () => {
    const renders = join(newsroom.dir, '.pressroom-cache', 'renders')
    const index = join(renders, 'renders.json')
    const journal = join(renders, 'renders.journal')
    await build(options)
    const whole = await readFile(index)
    // The index comes with the file of the fields it reads on use, named by its checksum.
    const [coldName, ...more] = (await readdir(renders)).filter((name) => name.endsWith('.cold'))
    expect(coldName).toMatch(/^renders-[0-9a-f]{16}\.cold$/)
    expect(more).toEqual([])
    const cold = await readFile(join(renders, coldName as string))
    const first = await firstRelease(newsroom.releasesDir)
    await appendFile(first, '\nAn added closing paragraph.\n')
    expect((await build(options)).rendered).toBe(1)
    await appendFile(first, '\nAnd one more.\n')
    expect((await build(options)).rendered).toBe(1)
    // Two edits, two lines after the header; the index itself was not written again.
    expect((await readFile(journal, 'utf8')).trimEnd().split('\n')).toHaveLength(3)
    expect((await readFile(index)).equals(whole)).toBe(true)
    const replayed = await build({...options, outDir: join(newsroom.dir, 'again')})
    expect(replayed.rendered).toBe(0)
    expectSameTree(await readTree(options.outDir), await uncachedTree())

    // A build that died while appending leaves half a line: the edit it described is rendered again, and the next
    // save writes the index whole.
    const lines = await readFile(journal, 'utf8')
    await writeFile(journal, lines.slice(0, lines.length - 40))
    const torn = await build({...options, outDir: join(newsroom.dir, 'torn')})
    expect(torn.rendered).toBe(1)
    await expect(stat(journal)).rejects.toThrow()
    expect((await readFile(index)).equals(whole)).toBe(false)
    expectSameTree(await readTree(join(newsroom.dir, 'torn')), await uncachedTree())
    // Only bodies of the files there are now stay.
    expect((await readdir(join(renders, 'bodies'))).length).toBe(12)

    // A journal that continues another index is not applied at all.
    await appendFile(first, '\nA third addition.\n')
    expect((await build(options)).rendered).toBe(1)
    await writeFile(index, whole)
    await writeFile(join(renders, coldName as string), cold)
    const foreign = await build({...options, outDir: join(newsroom.dir, 'foreign')})
    expect(foreign.rendered).toBe(1)
    expectSameTree(await readTree(join(newsroom.dir, 'foreign')), await uncachedTree())
  })

  it('should notice a damaged or missing cold file and build again from the sources', async () => {
    await build(options)
    const renders = join(newsroom.dir, '.pressroom-cache', 'renders')
    const coldFile = join(renders, (await readdir(renders)).find((name) => name.endsWith('.cold')) as string)
    const bytes = await readFile(coldFile)
    // Same length, one title changed: only the checksum can tell.
    await writeFile(coldFile, Buffer.from(bytes.toString('latin1').replace(/"title":"./, (title) => title.slice(0, -1) + (title.endsWith('X') ? 'Y' : 'X')), 'latin1'))
    // Without the outputs the cache keeps either, every page is written again, so every body is read.
    await rm(options.outDir, {recursive: true})
    await rm(outputStoreDir(), {recursive: true})
    const damaged = await build(options)
    expect(damaged.rendered).toBe(12)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
    // The rebuild wrote a good cache: the next build renders nothing, and a missing cold file is caught the same way.
    await rm(options.outDir, {recursive: true})
    expect((await build(options)).rendered).toBe(0)
    for (const name of await readdir(renders)) if (name.endsWith('.cold')) await rm(join(renders, name))
    await rm(options.outDir, {recursive: true})
    await rm(outputStoreDir(), {recursive: true})
    expect((await build(options)).rendered).toBe(12)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
  })

  it('should notice a damaged cached body and build again from the sources', async () => {
    await build(options)
    const bodies = join(newsroom.dir, '.pressroom-cache', 'renders', 'bodies')
    for (const name of await readdir(bodies)) await writeFile(join(bodies, name), '{"html":"<p>tampered</p>","text":"tampered"}')
    // Without out/ and the outputs the cache keeps of it, every page is written again, so every body is read.
    await rm(options.outDir, {recursive: true})
    await rm(outputStoreDir(), {recursive: true})
    const result = await build(options)
    expect(result.ok).toBe(true)
    expect(result.rendered).toBe(12)
    expectSameTree(await readTree(options.outDir), await uncachedTree())
  })

  it('should call a build up to date only while nothing it reads, nor out/, nor the clock across an embargo, has changed', async () => {
    const inputs = {config: options.config, releasesDir: options.releasesDir, outDir: options.outDir, cwd: newsroom.dir}
    const embargoed = join(newsroom.releasesDir, '2026-10-28-embargoed.md')
    await writeFile(embargoed, '---\ntitle: Embargoed\ndateline: OSLO, Norway\nsource: Northwind\nembargo: 2027-01-02T00:00:00Z\n---\n\nThe lede.\n')
    expect(checkUpToDate(inputs, now)).toBeUndefined()
    const result = await build(options)
    expect(result.held.map((entry) => entry.reason.kind)).toContain('embargo')
    const same = checkUpToDate(inputs, now + 1000)
    expect(same?.published).toBe(result.published.length)
    expect(same?.files.flatMap((file) => file.messages.map(String))).toEqual(result.files.flatMap((file) => file.messages.map(String)))
    expect(checkUpToDate(inputs, Date.parse('2027-01-02T00:00:00Z'))).toBeUndefined()
    await build(options)
    await rm(join(options.outDir, '.pressroom-out'))
    await writeFile(join(options.outDir, '.pressroom-out'), 'rewritten\n')
    expect(checkUpToDate(inputs, now)).toBeUndefined()
    await build(options)
    expect(checkUpToDate(inputs, now)).toBeDefined()
    await appendFile(await firstRelease(newsroom.releasesDir), '\nMore.\n')
    expect(checkUpToDate(inputs, now)).toBeUndefined()
  })

  it('should hash a template folder so that any edit to any template changes it', async () => {
    const dir = join(newsroom.dir, 'templates')
    await mkdir(join(dir, 'partials'), {recursive: true})
    await writeFile(join(dir, 'partials', 'a.liquid'), 'one')
    const before = await folderHash(dir)
    await writeFile(join(dir, 'partials', 'a.liquid'), 'two')
    expect(await folderHash(dir)).not.toBe(before)
  })
})
