import {readFileSync} from 'node:fs'
import {mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {build, type BuildOptions} from '../../src/build/build.js'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import {tagSlug} from '../../src/release/tag-slug.js'
import {makeCachedBuild, readTree} from '../cache/bench-newsroom.js'

let newsroom: Awaited<ReturnType<typeof makeCachedBuild>>['newsroom']
let options: BuildOptions

beforeEach(async () => {
  ;({newsroom, options} = await makeCachedBuild(120))
  // Pages of four: the index has thirty of them and the bigger topics several each.
  options = {...options, config: {...options.config, pageSize: 4}}
})
afterEach(() => newsroom.remove())

/** The inode of every file under `dir`: a file the build wrote has a new one, since outputs are moved in. */
async function inodes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (const path of (await readTree(dir)).keys()) found.set(path, (await stat(join(dir, path))).ino)
  return found
}

/**
 * The pages a build writes: a build writes into the folder `out/` does not link to, so that folder before the build is
 * compared with `out/` after it. `change` edits the releases in between.
 */
async function pagesWritten(change: () => Promise<void>): Promise<string[]> {
  const before = await inodes(nextBuildDir(options.outDir).dir)
  await change()
  expect((await build(options)).ok).toBe(true)
  const after = await inodes(options.outDir)
  return [...after].filter(([path, ino]) => path.endsWith('.html') && before.get(path) !== ino).map(([path]) => path).sort()
}

/** `out/` as a build without the cache writes it. */
async function expectSameAsUncached() {
  const outDir = join(newsroom.dir, 'uncached')
  await build({...options, outDir, cache: undefined, cacheDir: join(newsroom.dir, 'uncached-cache')})
  const expected = await readTree(outDir)
  const actual = await readTree(options.outDir)
  expect([...actual.keys()]).toEqual([...expected.keys()])
  for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true)
}

/** Every release file, and the biggest topic's name as the generated files spell it. */
async function biggestTopic(): Promise<{files: string[]; topic: string}> {
  const files = (await readdir(newsroom.releasesDir, {recursive: true})).filter((name) => name.endsWith('.md')).map((name) => join(newsroom.releasesDir, name)).sort()
  const counts = new Map<string, number>()
  for (const file of files) {
    const tags = /^tags: \[(.*)\]$/m.exec(await readFile(file, 'utf8'))?.[1] ?? ''
    for (const [, tag] of tags.matchAll(/"([^"]+)"/g)) counts.set(tag!, (counts.get(tag!) ?? 0) + 1)
  }
  const topic = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]
  return {files, topic}
}

/** The newest numbered page of a listing at `prefix` (`''` or `tags/x/`) among `paths`. */
function newestNumber(paths: Iterable<string>, prefix: string): number {
  const numbers = [...paths].map((path) => new RegExp(`^${prefix}page/(\\d+)/index\\.html$`).exec(path)?.[1]).filter((number) => number !== undefined).map(Number)
  return Math.max(...numbers)
}

const isPage = {
  release: (path: string) => path.startsWith('releases/'),
  index: (path: string) => path === 'index.html' || path.startsWith('page/'),
  tag: (path: string) => /^tags\/[^/]+\//.test(path)
}

describe('the pages a rebuild writes', () => {
  it('should write a handful of pages for a new release, not every index page and every page of its topic', async () => {
    const {topic} = await biggestTopic()
    const slug = tagSlug(topic)
    // Twice, so both build folders hold every page.
    await build(options)
    await build(options)
    const out = await readTree(options.outDir)
    const pageCount = [...out.keys()].filter((path) => path.endsWith('.html')).length
    const indexNewest = newestNumber(out.keys(), '')
    const tagNewest = newestNumber(out.keys(), `tags/${slug}/`)
    expect(indexNewest).toBeGreaterThan(20)
    expect(tagNewest).toBeGreaterThan(2)

    const written = await pagesWritten(() => writeFile(join(newsroom.releasesDir, '2026', '2026-11-01-harbour-opens.md'), `---\ntitle: Harbour opens\ndateline: OSLO, Norway\ndate: 2026-11-01T09:00:00+01:00\nsource: Northwind\ntags: ["${topic}"]\n---\n\nThe harbour opened today.\n`))
    const after = await readTree(options.outDir)
    // The new release's page; no other release page lists it among its related ones, older releases all. Besides it, at
    // most the page the new one pushed out of the newest `cards.recent` with a card of their own.
    const releasePages = written.filter(isPage.release)
    expect(releasePages).toContain('releases/2026-11-01-harbour-opens/index.html')
    const others = releasePages.filter((path) => path !== 'releases/2026-11-01-harbour-opens/index.html')
    expect(others.length).toBeLessThanOrEqual(1)
    for (const path of others) {
      const id = path.split('/')[1]!
      expect(out.get(path)!.toString()).toContain(`/cards/${id}.png`)
      expect(after.get(path)!.toString()).not.toContain(`/cards/${id}.png`)
    }
    // The home page and the newest numbered page (and the one before when that one had filled up).
    const indexPages = ['index.html', `page/${newestNumber(after.keys(), '')}/index.html`, `page/${indexNewest}/index.html`]
    expect(written.filter(isPage.index).every((path) => indexPages.includes(path))).toBe(true)
    expect(written.filter(isPage.index)).toContain('index.html')
    // Of the topic's pages, the same; no other topic's page.
    const tagPages = [`tags/${slug}/index.html`, `tags/${slug}/page/${newestNumber(after.keys(), `tags/${slug}/`)}/index.html`, `tags/${slug}/page/${tagNewest}/index.html`]
    expect(written.filter(isPage.tag).every((path) => tagPages.includes(path)), written.filter(isPage.tag).join(' ')).toBe(true)
    // With the archive's root, year and months and the pages written on every build (topics, organizations, search, 404).
    expect(written.length, written.join(' ')).toBeLessThan(20)
    expect(pageCount).toBeGreaterThan(250)
    await expectSameAsUncached()
  }, 300_000)

  it('should write only the pages that show a retitled release: its own, its listings and the newer pages that list it as related', async () => {
    const {files, topic} = await biggestTopic()
    await build(options)
    await build(options)
    // A release of the biggest topic from the middle of the newsroom.
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')))
    const middle = files.map((file, index) => ({file, text: texts[index]!})).filter(({text}) => text.includes(`"${topic}"`) && !/^draft: true$/m.test(text))
    const {file, text} = middle[Math.floor(middle.length / 2)]!
    const id = file.replace(/^.*\/|\.md$/g, '')
    const tagCount = (/^tags: \[(.*)\]$/m.exec(text)?.[1] ?? '').split('",').length

    const written = await pagesWritten(() => writeFile(file, text.replace(/^title: .*$/m, 'title: "A title no page showed before"')))
    const showsIt = async (path: string) => (await readFile(join(options.outDir, path), 'utf8')).includes('A title no page showed before')
    expect(written).toContain(`releases/${id}/index.html`)
    // Every release page written but its own shows the new title among its related releases: at most a few per topic.
    const others = written.filter((path) => isPage.release(path) && path !== `releases/${id}/index.html`)
    for (const path of others) expect(await showsIt(path), path).toBe(true)
    expect(others.length).toBeLessThanOrEqual(3 * tagCount)
    // Every listing written shows it; a release is on one numbered index page and, while among the newest, the home page.
    for (const path of written.filter((path) => isPage.index(path) || isPage.tag(path))) expect(await showsIt(path), path).toBe(true)
    expect(written.filter(isPage.index).length).toBeLessThanOrEqual(2)
    expect(written.length, written.join(' ')).toBeLessThan(30)
    await expectSameAsUncached()
  }, 300_000)

  it('should write only the pages of the organization a new or retitled release names, its first and newest numbered pages', async () => {
    // Three organizations, each named by a third of the releases: dozens of numbered pages of four between them.
    const slugs = ['kestrel', 'northwind', 'ostwind']
    await mkdir(join(newsroom.dir, 'organizations'))
    for (const slug of slugs) await writeFile(join(newsroom.dir, 'organizations', `${slug}.md`), `---\nname: ${slug} AG\ncontacts:\n  - {name: Press office, email: press@${slug}.example}\n---\n${slug} builds harbours.\n`)
    const {files} = await biggestTopic()
    const named = new Map<string, string>()
    for (const [index, file] of files.entries()) {
      const slug = slugs[index % slugs.length]!
      named.set(file, slug)
      await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, (title) => `${title}\norganization: ${slug}`))
    }
    await build(options)
    await build(options)
    const out = await readTree(options.outDir)
    const isOrganizationPage = (path: string) => path.startsWith('organizations/') && path.endsWith('.html')
    const newest = Object.fromEntries(slugs.map((slug) => [slug, newestNumber(out.keys(), `organizations/${slug}/`)]))
    expect(Object.values(newest).every((number) => number > 5), JSON.stringify(newest)).toBe(true)

    const written = await pagesWritten(() => writeFile(join(newsroom.releasesDir, '2026', '2026-11-01-harbour-opens.md'), `---\ntitle: Harbour opens\ndateline: OSLO, Norway\ndate: 2026-11-01T09:00:00+01:00\nsource: Northwind\norganization: northwind\n---\n\nThe harbour opened today.\n`))
    const after = await readTree(options.outDir)
    const northwindPages = ['organizations/northwind/index.html', `organizations/northwind/page/${newestNumber(after.keys(), 'organizations/northwind/')}/index.html`, `organizations/northwind/page/${newest.northwind}/index.html`]
    const organizationPages = written.filter(isOrganizationPage)
    expect(organizationPages).toContain('organizations/northwind/index.html')
    expect(organizationPages.every((path) => northwindPages.includes(path)), organizationPages.join(' ')).toBe(true)
    expect(after.get('organizations/northwind/index.html')!.toString()).toContain('Harbour opens')

    // A retitled release of the middle of one organization: the one numbered page that lists it, no other page of any.
    const kestrel = files.filter((file) => named.get(file) === 'kestrel' && !/^draft: true$/m.test(readFileSync(file, 'utf8')))
    const middle = kestrel[Math.floor(kestrel.length / 2)]!
    const retitled = await pagesWritten(async () => writeFile(middle, (await readFile(middle, 'utf8')).replace(/^title: .*$/m, 'title: "A title no page showed before"')))
    // (The build folder written into missed the last build's Northwind pages: those are brought up to date too.)
    const retitledPages = retitled.filter((path) => isOrganizationPage(path) && !path.startsWith('organizations/northwind/'))
    expect(retitledPages.length, retitledPages.join(' ')).toBe(1)
    expect(retitledPages[0]).toMatch(/^organizations\/kestrel\/page\/\d+\/index\.html$/)
    expect(await readFile(join(options.outDir, retitledPages[0]!), 'utf8')).toContain('A title no page showed before')
    // Each page is in the sitemap.
    const sitemap = (await readFile(join(options.outDir, 'sitemap.xml'), 'utf8'))
    for (const path of [...after.keys()].filter(isOrganizationPage)) expect(sitemap, path).toContain(`/${path.replace(/index\.html$/, '')}</loc>`)
    await expectSameAsUncached()
  }, 300_000)
})
