import {cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import sharp from 'sharp'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {build, type BuildOptions} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {cardSource} from '../../src/cards/card-facts.js'
import {drawingsPerCollection, writeCards} from '../../src/cards/write-cards.js'
import {releaseWith} from '../../src/cache/cached-release.js'
import {loadReleases} from '../../src/release/load-releases.js'
import {newestFirst} from '../../src/release/release.js'
import {attr, byTag, parseHtml, textOf} from '../support/html-dom.js'

const fixture = new URL('../fixtures/organizations-newsroom/', import.meta.url)
const now = Date.parse('2026-01-01T00:00:00Z')
const base = 'https://news.acme.example/press'
const logo = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="${fill}"/></svg>`

let dir = ''
let options: BuildOptions

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-cards-'))
  await cp(fixture, dir, {recursive: true})
  await mkdir(join(dir, 'public/media'), {recursive: true})
  await writeFile(join(dir, 'public/media/harbourline.svg'), logo('#1f7a8c'))
  await writeFile(join(dir, 'public/media/plant.png'), await sharp({create: {width: 40, height: 30, channels: 3, background: '#888888'}}).png().toBuffer())
  const harbourline = join(dir, 'organizations/harbourline.md')
  await writeFile(harbourline, (await readFile(harbourline, 'utf8')).replace('url: https://harbourline.example\n', 'url: https://harbourline.example\nlogo: /media/harbourline.svg\n'))
  await writeFile(join(dir, 'releases/2025-09-20-plant-photo.md'), '---\ntitle: Acme shows its plant\ndateline: KIEL, Germany\nsource: Acme\nmedia: {url: /media/plant.png, type: image/png, alt: The plant}\n---\n\nThe plant, seen from the fjord.\n')
  await writeFile(join(dir, 'releases/2025-09-25-embargoed.md'), '---\ntitle: A secret merger headline\ndateline: KIEL, Germany\nsource: Acme\nembargo: 2030-01-01T00:00:00+01:00\n---\n\nNot yet.\n')
  // A window of three of the four releases without an image: the oldest is shared with the newsroom's card.
  const config = loadConfig(join(dir, 'pressroom.config.json'))
  options = {config: {...config, cards: {...config.cards, recent: 3}}, releasesDir: join(dir, 'releases'), publicDir: join(dir, 'public'), outDir: join(dir, 'out'), now, cwd: dir, cache: 'reuse', workers: 0}
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

// The newest three releases without an image, in the window of `cards.recent`; 2025-09-01-plain is older.
const cardIds = ['2025-09-05-new-route', '2025-09-10-second-plant', '2025-09-15-shore-batteries']

/** The `<meta>` tags of a built page, by `property` or `name`. */
async function metaOf(path: string): Promise<Map<string, string>> {
  const document = parseHtml(await readFile(join(dir, 'out', path), 'utf8'))
  const found = new Map<string, string>()
  for (const meta of byTag(document, 'meta')) {
    const key = attr(meta, 'property') ?? attr(meta, 'name')
    if (key !== undefined) found.set(key, attr(meta, 'content') ?? '')
  }
  return found
}

describe('social cards in a build', () => {
  it('should draw the cards once the site, the feeds and NewsML are written, not while they are', async () => {
    const result = await build(options)
    expect(result.ok).toBe(true)
    expect(result.cards).toBe(cardIds.length + 1)
    // The drawing's memory (its fonts, satori's and resvg's) then adds to what the other writers no longer hold: drawn
    // first, the cards raised a big build's peak, reached while the site is written; drawn second, the end's.
    const modified = async (files: string[]) => Promise.all(files.map(async (file) => (await stat(join(dir, 'out', file), {bigint: true})).mtimeNs))
    const written = await modified([...(await readdir(join(dir, 'out/releases'))).map((id) => `releases/${id}/index.html`), 'feed.json', 'rss.xml', 'newsml/news-message.xml'])
    const cards = await modified((await readdir(join(dir, 'out/cards'))).map((name) => `cards/${name}`))
    const last = written.reduce((a, b) => (a > b ? a : b))
    expect(cards.every((drawn) => drawn >= last)).toBe(true)
  })

  it('should draw a 1200×630 card for each of the newest releases without an image and for the home page, and share each page with it', async () => {
    const result = await build(options)
    expect(result.ok).toBe(true)
    expect(result.cards).toBe(cardIds.length + 1)
    expect((await readdir(join(dir, 'out/cards'))).sort()).toEqual([...cardIds.map((id) => `${id}.png`), 'newsroom.png'].sort())
    for (const name of await readdir(join(dir, 'out/cards'))) {
      const {width, height, format} = await sharp(join(dir, 'out/cards', name)).metadata()
      expect([format, width, height], name).toEqual(['png', 1200, 630])
    }

    const meta = await metaOf('releases/2025-09-05-new-route/index.html')
    expect(meta.get('og:image')).toBe(`${base}/cards/2025-09-05-new-route.png`)
    expect(meta.get('og:image:width')).toBe('1200')
    expect(meta.get('og:image:height')).toBe('630')
    expect(meta.get('og:image:type')).toBe('image/png')
    expect(meta.get('og:image:alt')).toBe('Harbourline opens a night route')
    expect(meta.get('twitter:card')).toBe('summary_large_image')
    expect(meta.get('twitter:image')).toBe(`${base}/cards/2025-09-05-new-route.png`)
    const page = parseHtml(await readFile(join(dir, 'out/releases/2025-09-05-new-route/index.html'), 'utf8'))
    const jsonLd = JSON.parse(textOf(byTag(page, 'script').find((script) => attr(script, 'type') === 'application/ld+json')!)) as {image: Array<{url: string; width: number}>}
    expect(jsonLd.image).toEqual([{'@type': 'ImageObject', url: `${base}/cards/2025-09-05-new-route.png`, width: 1200, height: 630}])

    const home = await metaOf('index.html')
    expect(home.get('og:image')).toBe(`${base}/cards/newsroom.png`)
    expect(home.get('twitter:card')).toBe('summary_large_image')
    // A release with an image is shared with it, and gets no card; an embargoed one gets none either.
    // A release with an image is shared with its image's social crop, not a card.
    expect((await metaOf('releases/2025-09-20-plant-photo/index.html')).get('og:image')).toMatch(new RegExp(`^${base}/_media/plant-[0-9a-f]{10}-social\\.jpg$`))
    expect(cardIds).not.toContain('2025-09-20-plant-photo')

    // An older release without an image is shared with the newsroom's card, with every tag a card page has.
    const old = await metaOf('releases/2025-09-01-plain/index.html')
    expect(Object.fromEntries(['og:image', 'og:image:width', 'og:image:height', 'og:image:type', 'og:image:alt', 'twitter:card', 'twitter:image'].map((key) => [key, old.get(key)]))).toEqual({
      'og:image': `${base}/cards/newsroom.png`,
      'og:image:width': '1200',
      'og:image:height': '630',
      'og:image:type': 'image/png',
      'og:image:alt': 'Acme Newsroom',
      'twitter:card': 'summary_large_image',
      'twitter:image': `${base}/cards/newsroom.png`
    })
  })

  it('should rewrite the page a new release pushes out of the window with the newsroom card, and draw only the new release\'s card', async () => {
    expect((await build(options)).cards).toBe(cardIds.length + 1)
    expect((await metaOf('releases/2025-09-05-new-route/index.html')).get('og:image')).toBe(`${base}/cards/2025-09-05-new-route.png`)
    await writeFile(join(dir, 'releases/2025-09-18-new-ferry.md'), '---\ntitle: Harbourline names its new ferry\ndateline: KIEL, Germany\nsource: Harbourline Ferries\n---\n\nThe ferry is named.\n')
    const added = await build(options)
    expect([added.ok, added.rendered, added.cards]).toEqual([true, 1, 1])
    // The fourth newest now: its kept page named its own card, which is gone from the site and from the cache.
    expect((await metaOf('releases/2025-09-05-new-route/index.html')).get('og:image')).toBe(`${base}/cards/newsroom.png`)
    expect((await metaOf('releases/2025-09-18-new-ferry/index.html')).get('og:image')).toBe(`${base}/cards/2025-09-18-new-ferry.png`)
    const window = ['2025-09-10-second-plant', '2025-09-15-shore-batteries', '2025-09-18-new-ferry']
    expect((await readdir(join(dir, 'out/cards'))).sort()).toEqual([...window.map((id) => `${id}.png`), 'newsroom.png'].sort())
    expect((await readdir(join(dir, '.pressroom-cache/cards'))).length).toBe(window.length + 1)
    // The incremental build's page is the one a build without cache writes.
    await build({...options, cache: undefined, outDir: join(dir, 'cold')})
    expect(await readFile(join(dir, 'out/releases/2025-09-05-new-route/index.html'), 'utf8')).toBe(await readFile(join(dir, 'cold/releases/2025-09-05-new-route/index.html'), 'utf8'))
  })

  it('should draw no card when a body changes, one when a headline does, and the logo\'s when the logo file does', async () => {
    expect((await build(options)).cards).toBe(cardIds.length + 1)
    const cold = await readFile(join(dir, 'out/cards/2025-09-10-second-plant.png'))
    const plant = join(dir, 'releases/2025-09-10-second-plant.md')
    await writeFile(plant, `${await readFile(plant, 'utf8')}\nA paragraph added to the body.\n`)
    const bodyEdit = await build(options)
    expect([bodyEdit.rendered, bodyEdit.cards]).toEqual([1, 0])
    expect((await readdir(join(dir, 'out/cards'))).length).toBe(cardIds.length + 1)
    expect((await readFile(join(dir, 'out/cards/2025-09-10-second-plant.png'))).equals(cold)).toBe(true)

    await writeFile(plant, (await readFile(plant, 'utf8')).replace('title: Nordlicht opens its second plant', 'title: Nordlicht opens its second battery plant'))
    expect((await build(options)).cards).toBe(1)
    expect((await readFile(join(dir, 'out/cards/2025-09-10-second-plant.png'))).equals(cold)).toBe(false)
    // A headline of a release outside the window is on no card.
    const plain = join(dir, 'releases/2025-09-01-plain.md')
    await writeFile(plain, (await readFile(plain, 'utf8')).replace('title: Port authority publishes its timetable', 'title: Port authority publishes its winter timetable'))
    expect((await build(options)).cards).toBe(0)
    // The old headline's card is dropped from the cache: it keeps the cards of this build alone.
    expect((await readdir(join(dir, '.pressroom-cache/cards'))).length).toBe(cardIds.length + 1)

    // Harbourline is the primary organization of one release only: the joint one is Nordlicht's first.
    await writeFile(join(dir, 'public/media/harbourline.svg'), logo('#c0392b'))
    expect((await build(options)).cards).toBe(1)
    // A fresh out folder takes every card from the cache, drawing none.
    expect((await build({...options, outDir: join(dir, 'elsewhere')})).cards).toBe(0)
    expect((await readdir(join(dir, 'elsewhere/cards'))).length).toBe(cardIds.length + 1)
    expect((await build({...options, cache: 'rebuild'})).cards).toBe(cardIds.length + 1)
  })

  it('should collect the heap after every few cards it draws, so a build never holds more drawings than that at once', async () => {
    // Enough headlines for several collections, each drawn from scratch (no store).
    const count = drawingsPerCollection * 2 + 3
    for (let index = 0; index < count; index++) {
      await writeFile(join(dir, `releases/2025-08-${String(index + 1).padStart(2, '0')}-route-${index}.md`), `---\ntitle: Harbourline opens route ${index}\ndateline: KIEL, Germany\nsource: Harbourline Ferries\n---\n\nRoute ${index} opens.\n`)
    }
    const {releases} = await loadReleases({config: options.config, releasesDir: options.releasesDir, cwd: dir})
    const published = [...releases].sort(newestFirst).map((release) => releaseWith(release, {ownCard: true}))
    let drawn = 0
    let sinceCollection = 0
    let most = 0
    const collections: number[] = []
    await writeCards({config: options.config, releases: published, outDir: join(dir, 'cards-out'), now}, {
      source: cardSource(options.config, options.publicDir, dir),
      fontDir: join(dir, 'card-fonts'),
      onRender: () => {
        drawn++
        most = Math.max(most, ++sinceCollection)
      },
      collect: () => {
        collections.push(drawn)
        sinceCollection = 0
      }
    })
    expect(drawn).toBeGreaterThanOrEqual(count)
    expect(most).toBe(drawingsPerCollection)
    expect(collections).toEqual(Array.from({length: Math.floor(drawn / drawingsPerCollection)}, (_, index) => (index + 1) * drawingsPerCollection))
    expect(await readdir(join(dir, 'cards-out/cards'))).toHaveLength(drawn)
  }, 120_000)
})
