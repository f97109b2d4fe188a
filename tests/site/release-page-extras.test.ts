import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {build, type BuildOptions} from '../../src/build/build.js'
import {parseConfig} from '../../src/config/load-config.js'
import {releaseTagGroups} from '../../src/release/tag-groups.js'
import {mediaFileSizes, relatedReleases, releasesByTag} from '../../src/site/release-page-extras.js'
import {attr, byTag, findAll, parseHtml, textOf} from '../support/html-dom.js'
import {makeRelease} from '../support/make-release.js'

describe('related releases', () => {
  const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}`
  const release = (n: number, tags: string[], extra = {}) => makeRelease({fileDate: day(n), slug: `release-${n}`, tags, timestamp: Date.parse(`${day(n)}T08:00:00Z`), ...extra})

  it('should list a few older releases that share a tag, newest first, without the release itself or newer ones', () => {
    const all = [release(9, ['ports']), release(8, ['energy']), release(7, ['ports', 'energy']), release(6, ['ports']), release(5, ['ports']), release(4, ['ports']), release(3, ['finance'])]
    const byTag = releasesByTag(releaseTagGroups(all))
    const ids = (of: number) => relatedReleases(all[of]!, byTag).map((other) => other.id)
    expect(ids(0)).toEqual(['2026-03-07-release-7', '2026-03-06-release-6', '2026-03-05-release-5'])
    expect(ids(2)).toEqual(['2026-03-06-release-6', '2026-03-05-release-5', '2026-03-04-release-4'])
    expect(ids(5)).toEqual([])
    expect(ids(6)).toEqual([])
  })

  it('should tell older from newer by id when two releases share a time, as the listings order them', () => {
    const at = (slug: string) => makeRelease({fileDate: day(9), slug, tags: ['ports'], timestamp: Date.parse(`${day(9)}T08:00:00Z`)})
    const all = [at('a'), at('b'), at('c')]
    const byTag = releasesByTag(releaseTagGroups(all))
    expect(relatedReleases(all[0]!, byTag).map((other) => other.slug)).toEqual(['b', 'c'])
    expect(relatedReleases(all[1]!, byTag).map((other) => other.slug)).toEqual(['c'])
  })

  it('should leave out the release’s own translations and show another set once, in the page’s language when it has it', () => {
    const all = [
      release(9, ['ports'], {translationKey: 'own', language: 'de'}),
      release(8, ['ports'], {translationKey: 'own', language: 'en'}),
      release(7, ['ports'], {translationKey: 'hub', language: 'de'}),
      release(6, ['ports'], {translationKey: 'hub', language: 'en'})
    ]
    const byTag = releasesByTag(releaseTagGroups(all))
    expect(relatedReleases(all[1]!, byTag).map((other) => other.id)).toEqual(['2026-03-06-release-6'])
    expect(relatedReleases(all[0]!, byTag).map((other) => other.id)).toEqual(['2026-03-07-release-7'])
  })
})

describe('media file sizes', () => {
  it('should read the size of a site-path media file from the folder, and none for a remote or missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-sizes-'))
    try {
      await mkdir(join(dir, 'media'))
      await writeFile(join(dir, 'media/plant photo.jpg'), Buffer.alloc(2345))
      const release = makeRelease({
        media: [
          {url: 'https://newsroom.example.com/media/plant%20photo.jpg', kind: 'image'},
          {url: 'https://cdn.example.org/media/plant.jpg', kind: 'image'},
          {url: 'https://newsroom.example.com/media/missing.jpg', kind: 'image'}
        ]
      })
      expect(mediaFileSizes(release, {baseUrl: 'https://newsroom.example.com'}, dir)).toEqual({'https://newsroom.example.com/media/plant%20photo.jpg': 2345})
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})

describe('the side column of a release page in an incremental build', () => {
  let dir = ''
  afterEach(() => rm(dir, {recursive: true, force: true}))

  const releaseFile = (title: string, date: string, tags: string, media = '') =>
    `---\ntitle: ${title}\ndateline: KIEL, Germany\ndate: ${date}T09:00:00+01:00\nsource: Northwind\ntags: [${tags}]\n${media}---\n\nNorthwind today said ${title.toLowerCase()}.\n`

  it('should rewrite a page when an older release it lists as related is retitled, or a media file it offers changes size', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-aside-'))
    await mkdir(join(dir, 'releases'))
    await mkdir(join(dir, 'public/media'), {recursive: true})
    await writeFile(join(dir, 'public/media/quay.png'), Buffer.alloc(1500))
    await writeFile(join(dir, 'releases/2026-03-02-quay.md'), releaseFile('Quay opens', '2026-03-02', 'ports', 'media: {url: /media/quay.png, type: image/png, alt: A quay}\n'))
    await writeFile(join(dir, 'releases/2026-03-01-crane.md'), releaseFile('Crane arrives', '2026-03-01', 'ports'))
    await writeFile(join(dir, 'releases/2026-02-01-bank.md'), releaseFile('Bank results', '2026-02-01', 'finance'))
    const config = parseConfig({title: 'Test Newsroom', baseUrl: 'https://newsroom.example.com', timeZone: 'Europe/Berlin'})
    const options: BuildOptions = {config, releasesDir: 'releases', outDir: 'out', publicDir: 'public', now: Date.parse('2026-04-01T00:00:00Z'), cwd: dir, cache: 'reuse', workers: 0}
    const aside = async (id: string) => {
      const document = parseHtml(await readFile(join(dir, 'out/releases', id, 'index.html'), 'utf8'))
      const block = (name: string) => findAll(document, (element) => (attr(element, 'class') ?? '').split(' ').includes(name))[0]
      return {related: block('aside-related') && byTag(block('aside-related')!, 'a').map(textOf), downloads: block('aside-downloads') && textOf(block('aside-downloads')!).replace(/\s+/g, ' ').trim()}
    }
    expect((await build(options)).ok).toBe(true)
    expect(await aside('2026-03-01-crane')).toEqual({related: undefined, downloads: undefined})
    expect(await aside('2026-03-02-quay')).toEqual({related: ['Crane arrives'], downloads: 'Downloads Download image PNG · 2 kB'})
    expect((await aside('2026-02-01-bank')).related).toBeUndefined()

    await writeFile(join(dir, 'releases/2026-03-01-crane.md'), releaseFile('Crane arrives early', '2026-03-01', 'ports'))
    await writeFile(join(dir, 'public/media/quay.png'), Buffer.alloc(1_250_000))
    expect((await build(options)).ok).toBe(true)
    expect((await aside('2026-03-02-quay')).related).toEqual(['Crane arrives early'])
    expect((await aside('2026-03-02-quay')).downloads).toBe('Downloads Download image PNG · 1.3 MB')
  }, 60_000)
})
