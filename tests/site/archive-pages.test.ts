import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {outputDeps, outputKeys} from '../../src/cache/output-keys.js'
import {templatesDir} from '../../src/liquid/create-liquid.js'
import type {Release} from '../../src/release/release.js'
import {sitePlan} from '../../src/site/site-plan.js'
import {writeSite} from '../../src/site/write-site.js'
import {attr, byTag, findAll, parseHtml, textOf} from '../support/html-dom.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-archive-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

// Newest first, as the build hands them: two in September 2025, one in March 2025, one in December 2024.
const releases = (): Release[] => [
  makeRelease({slug: 'ferries', fileDate: '2025-09-16', title: 'Ferries on shore power'}),
  makeRelease({slug: 'cranes', fileDate: '2025-09-02', title: 'Electric cranes'}),
  makeRelease({slug: 'office', fileDate: '2025-03-02', title: 'A Berlin office'}),
  makeRelease({slug: 'results', fileDate: '2024-12-10', title: 'Annual results'})
]

async function site(list: Release[], language = 'en') {
  const config = testConfig({language, baseUrl: 'https://newsroom.example.com/news/'})
  await writeSite({config, releases: list, outDir: dir, now: Date.parse('2026-01-01T00:00:00Z')})
  return async (path: string) => parseHtml(await readFile(join(dir, path), 'utf8'))
}

const linksIn = (node: Parameters<typeof byTag>[0]) => byTag(node, 'a').map((a) => [textOf(a).replace(/\s+/g, ' ').trim(), attr(a, 'href')])
const entryTitles = (document: ReturnType<typeof parseHtml>) => byTag(findAll(document, (element) => attr(element, 'class') === 'release-list')[0]!, 'h2').map((h2) => textOf(h2))

describe('the archive pages', () => {
  it('should list every year with its months on the root, and link each from the header and the footer of every page', async () => {
    const read = await site(releases())
    const root = await read('archive/index.html')
    expect(textOf(byTag(root, 'h1')[0]!)).toBe('Archive')
    const sections = findAll(root, (element) => attr(element, 'class') === 'archive-year')
    expect(sections.map((section) => linksIn(section))).toEqual([
      [['2025', '/news/archive/2025/'], ['September 2 releases', '/news/archive/2025/09/'], ['March 1 release', '/news/archive/2025/03/']],
      [['2024', '/news/archive/2024/'], ['December 1 release', '/news/archive/2024/12/']]
    ])
    for (const path of ['index.html', 'tags/index.html', 'releases/2025-09-16-ferries/index.html', '404.html', 'archive/2024/12/index.html']) {
      const document = await read(path)
      for (const part of ['site-header', 'site-footer']) {
        const region = findAll(document, (element) => attr(element, 'class') === part)[0]!
        expect(linksIn(region), `${path} ${part}`).toContainEqual(['Archive', '/news/archive/'])
      }
    }
  })

  it('should list a year\'s and a month\'s releases newest first, linked to their neighbours in time', async () => {
    const read = await site(releases())
    const year = await read('archive/2025/index.html')
    expect(textOf(byTag(year, 'title')[0]!)).toBe('Archive: 2025 | Example Newsroom')
    expect(entryTitles(year)).toEqual(['Ferries on shore power', 'Electric cranes', 'A Berlin office'])
    expect(linksIn(findAll(year, (element) => attr(element, 'class') === 'archive-months')[0]!)).toEqual([['September 2 releases', '/news/archive/2025/09/'], ['March 1 release', '/news/archive/2025/03/']])
    expect(linksIn(findAll(year, (element) => attr(element, 'class') === 'pagination archive-pager')[0]!)).toEqual([['2024 →', '/news/archive/2024/']])

    const month = await read('archive/2025/03/index.html')
    expect(textOf(byTag(month, 'h1')[0]!)).toBe('March 2025')
    expect(entryTitles(month)).toEqual(['A Berlin office'])
    expect(linksIn(findAll(month, (element) => attr(element, 'class') === 'eyebrow')[0]!)).toEqual([['Archive', '/news/archive/'], ['2025', '/news/archive/2025/']])
    expect(linksIn(findAll(month, (element) => attr(element, 'class') === 'pagination archive-pager')[0]!)).toEqual([['← September 2025', '/news/archive/2025/09/'], ['December 2024 →', '/news/archive/2024/12/']])
  })

  it('should name the months in the site\'s language', async () => {
    const german = await site(releases(), 'de')
    expect(textOf(byTag(await german('archive/2025/03/index.html'), 'h1')[0]!)).toBe('März 2025')
    await rm(dir, {recursive: true})
    const chinese = await site(releases(), 'zh')
    expect(textOf(byTag(await chinese('archive/2024/12/index.html'), 'h1')[0]!)).toBe('2024年12月')
    expect(linksIn(findAll(await chinese('archive/2025/index.html'), (element) => attr(element, 'class') === 'archive-months')[0]!).map(([text]) => text)).toEqual(['九月 2 篇新闻稿', '三月 1 篇新闻稿'])
  })

  it('should put every archive page in the sitemap', async () => {
    await site(releases())
    const sitemap = await readFile(join(dir, 'sitemap.xml'), 'utf8')
    const archived = [...sitemap.matchAll(/<loc>([^<]*\/archive\/[^<]*)<\/loc>/g)].map((match) => match[1])
    expect(archived).toEqual([
      'https://newsroom.example.com/news/archive/',
      'https://newsroom.example.com/news/archive/2025/',
      'https://newsroom.example.com/news/archive/2025/09/',
      'https://newsroom.example.com/news/archive/2025/03/',
      'https://newsroom.example.com/news/archive/2024/',
      'https://newsroom.example.com/news/archive/2024/12/'
    ])
  })

  it('should change the keys of only the root, the year and the month of an added release', () => {
    const config = testConfig()
    const deps = outputDeps(config, templatesDir)
    const archiveKeys = (list: Release[]) => Object.fromEntries(Object.entries(outputKeys(sitePlan(config, list), deps)).filter(([path]) => path.startsWith('/archive/')))
    const before = archiveKeys(releases())
    const added = makeRelease({slug: 'tugs', fileDate: '2025-03-20', title: 'Electric tugs'})
    const list = releases()
    const after = archiveKeys([...list.slice(0, 2), added, ...list.slice(2)])
    expect(Object.keys(after)).toEqual(Object.keys(before))
    expect(Object.keys(after).filter((path) => after[path] !== before[path])).toEqual(['/archive/', '/archive/2025/', '/archive/2025/03/'])

    // A month of its own is new to its neighbours' pagers too, and to nothing else.
    const november = makeRelease({slug: 'depot', fileDate: '2025-11-05', title: 'A depot'})
    const withNovember = archiveKeys([november, ...list])
    expect(Object.keys(withNovember).filter((path) => withNovember[path] !== before[path])).toEqual(['/archive/', '/archive/2025/', '/archive/2025/11/', '/archive/2025/09/'])
  })
})
