import {cp, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {tagSlug} from '../../src/release/tag-slug.js'
import {createLiquid, templatesDir} from '../../src/liquid/create-liquid.js'
import {writeSite} from '../../src/site/write-site.js'
import {makeRelease} from '../support/make-release.js'
import {attr, byTag, findAll, metaContents, outerHtml, parseHtml, textOf} from '../support/html-dom.js'
import {testConfig} from '../support/test-config.js'
import {buildTestSite, type TestSite} from './build-test-site.js'
import {sampleReleases} from './sample-releases.js'

// The video-only release is in the window of releases a build gives a card of their own (see `ownCardIds`).
const releases = sampleReleases().map((release, index) => (index === 2 ? {...release, ownCard: true} : release))
const config = testConfig({description: 'News from the Example group', subscribeUrl: 'https://lists.example.com/subscribe'})
let site: TestSite

beforeAll(async () => {
  site = await buildTestSite(releases, config)
})
afterAll(() => site.remove())

const page = async (path: string) => parseHtml(await site.read(path))

describe('release page snippet metadata', () => {
  const release = releases[0]!

  it('should set lang, title, description and canonical from the release', async () => {
    const document = await page(release.urlPath + 'index.html')
    const html = byTag(document, 'html')[0]!
    expect(attr(html, 'lang')).toBe('en')
    expect(textOf(byTag(document, 'title')[0]!)).toBe(`${release.title} | Example Newsroom`)
    expect(metaContents(document, 'description')).toEqual([release.summary])
    const canonical = byTag(document, 'link').filter((link) => attr(link, 'rel') === 'canonical')
    expect(canonical.map((link) => attr(link, 'href'))).toEqual([release.url])
  })

  it('should give Open Graph and Twitter card tags with the image of the media snippet', async () => {
    const document = await page(release.urlPath + 'index.html')
    expect(metaContents(document, 'og:type')).toEqual(['article'])
    expect(metaContents(document, 'og:title')).toEqual([release.title])
    expect(metaContents(document, 'og:url')).toEqual([release.url])
    expect(metaContents(document, 'og:description')).toEqual([release.summary])
    expect(metaContents(document, 'og:image')).toEqual(['https://newsroom.example.com/media/cable-ship.jpg'])
    expect(metaContents(document, 'og:image:alt')).toEqual(['A large cable-laying ship leaving a harbour at dawn'])
    expect(metaContents(document, 'og:locale')).toEqual(['en_US'])
    expect(metaContents(document, 'og:site_name')).toEqual(['Example Newsroom'])
    expect(metaContents(document, 'article:published_time')).toEqual(['2025-10-02T09:30:00+02:00'])
    expect(metaContents(document, 'article:tag')).toEqual(['Energy', 'Offshore Wind'])
    expect(metaContents(document, 'twitter:card')).toEqual(['summary_large_image'])
    expect(metaContents(document, 'twitter:image')).toEqual(['https://newsroom.example.com/media/cable-ship.jpg'])
  })

  it('should share a release whose only media is a video with its generated card', async () => {
    const document = await page(releases[2]!.urlPath + 'index.html')
    expect(metaContents(document, 'twitter:card')).toEqual(['summary_large_image'])
    expect(metaContents(document, 'og:image')).toEqual([`https://newsroom.example.com/cards/${releases[2]!.id}.png`])
    expect(metaContents(document, 'og:image:width')).toEqual(['1200'])
    expect(metaContents(document, 'og:image:height')).toEqual(['630'])
    expect(metaContents(document, 'og:image:alt')).toEqual([releases[2]!.title])
    expect(metaContents(document, 'og:locale')).toEqual(['de_DE'])
    expect(attr(byTag(document, 'html')[0]!, 'lang')).toBe('de')
    expect(byTag(document, 'video').map((video) => attr(video, 'src'))).toEqual(['/media/werk-leipzig.mp4'])
  })

  it('should carry a NewsArticle JSON-LD whose fields equal the release', async () => {
    const document = await page(release.urlPath + 'index.html')
    const scripts = byTag(document, 'script')
    expect(scripts.map((script) => attr(script, 'type'))).toEqual(['application/ld+json'])
    const article = JSON.parse(textOf(scripts[0]!)) as Record<string, unknown>
    expect(article).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: release.title,
      alternativeHeadline: release.subtitle,
      datePublished: '2025-10-02T09:30:00+02:00',
      dateline: 'GRONINGEN, Netherlands',
      description: release.summary,
      image: ['https://newsroom.example.com/media/cable-ship.jpg'],
      keywords: ['Energy', 'Offshore Wind'],
      author: {'@type': 'Organization', name: 'Northsea Cables N.V.', url: 'https://northsea-cables.example.com'},
      sourceOrganization: {'@type': 'Organization', name: 'Northsea Cables N.V.', url: 'https://northsea-cables.example.com'},
      publisher: {'@type': 'Organization', name: 'Example Newsroom', url: 'https://newsroom.example.com/'},
      inLanguage: 'en',
      url: release.url,
      mainEntityOfPage: {'@type': 'WebPage', '@id': release.url}
    })
  })

  it('should render the media snippet as a figure with caption, alt text and a link', async () => {
    const document = await page(release.urlPath + 'index.html')
    const figure = byTag(document, 'figure')[0]!
    const image = byTag(figure, 'img')[0]!
    expect(attr(image, 'alt')).toBe('A large cable-laying ship leaving a harbour at dawn')
    expect(textOf(byTag(figure, 'figcaption')[0]!)).toContain('The cable-laying vessel Nordlys leaving Eemshaven.')
    // The site's own file, root-relative: it loads wherever the site is served.
    expect(byTag(figure, 'a').map((link) => attr(link, 'href'))).toContain('/media/cable-ship.jpg')
  })

  it('should show the subtitle, the body as given and linked tags', async () => {
    const document = await page(release.urlPath + 'index.html')
    const text = textOf(byTag(document, 'article')[0]!)
    expect(text).toContain(release.subtitle)
    expect(text).toContain('Source: Northsea Cables N.V.')
    const hrefs = byTag(document, 'a').map((link) => attr(link, 'href'))
    expect(hrefs).toContain('/tags/energy/')
    expect(hrefs).toContain('/tags/offshore-wind/')
  })
})

describe('every page head', () => {
  it('should advertise the feeds, and a tag page its tag feed', async () => {
    const alternates = async (path: string) =>
      byTag(await page(path), 'link').filter((link) => attr(link, 'rel') === 'alternate').map((link) => `${attr(link, 'type')} ${attr(link, 'href')}`)
    const siteFeeds = ['application/rss+xml https://newsroom.example.com/rss.xml', 'application/feed+json https://newsroom.example.com/feed.json']
    expect(await alternates('index.html')).toEqual(siteFeeds)
    expect(await alternates(releases[0]!.urlPath + 'index.html')).toEqual(siteFeeds)
    expect(await alternates('tags/energy/index.html')).toEqual([...siteFeeds, 'application/rss+xml https://newsroom.example.com/tags/energy/rss.xml'])
  })

  it('should offer a subscribe form that posts without JavaScript', async () => {
    const document = await page('tags/energy/index.html')
    const form = byTag(document, 'form').find((element) => attr(element, 'class') === 'subscribe')!
    expect(attr(form, 'method')).toBe('post')
    expect(attr(form, 'action')).toBe('https://lists.example.com/subscribe')
    const inputs = byTag(form, 'input').map((input) => `${attr(input, 'type')} ${attr(input, 'name')} ${attr(input, 'value') ?? ''}`)
    expect(inputs).toEqual(['email email ', 'hidden tags Energy'])
  })
})

describe('the index', () => {
  it('should feature the newest release and list the others newest first with headline, date, dateline and snippet', async () => {
    const document = await page('index.html')
    const featured = byTag(document, 'article').filter((item) => attr(item, 'class')?.split(' ').includes('featured'))
    expect(featured.map((item) => attr(byTag(item, 'a')[0]!, 'href'))).toEqual([releases[0]!.urlPath])
    const items = byTag(document, 'li').filter((item) => attr(item, 'class')?.split(' ').includes('release-item'))
    expect(items.map((item) => attr(byTag(item, 'a')[0]!, 'href'))).toEqual(releases.slice(1).map((release) => release.urlPath))
    expect(textOf(items[0]!)).toContain('Sept. 20, 2025')
    expect(textOf(items[0]!)).toContain('CHANGZHOU, China')
    expect(textOf(items[0]!)).toContain(releases[1]!.summary)
    expect(byTag(items[0]!, 'time').map((time) => attr(time, 'datetime'))).toEqual(['2025-09-20T08:00:00+08:00'])
  })

  it('should feature the newest release marked featured instead of the newest, and list the newest among the others', async () => {
    const pinned = releases.map((release, index) => (index === 2 ? {...release, featured: true} : release))
    const pinnedSite = await buildTestSite(pinned, config)
    try {
      const document = parseHtml(await pinnedSite.read('index.html'))
      const featured = byTag(document, 'article').filter((item) => attr(item, 'class')?.split(' ').includes('featured'))
      expect(featured.map((item) => attr(byTag(item, 'a')[0]!, 'href'))).toEqual([releases[2]!.urlPath])
      const items = byTag(document, 'li').filter((item) => attr(item, 'class')?.split(' ').includes('release-item'))
      expect(items.map((item) => attr(byTag(item, 'a')[0]!, 'href'))).toEqual(releases.filter((_, index) => index !== 2).map((release) => release.urlPath))
    } finally {
      await pinnedSite.remove()
    }
  })

  it('should number the index and tag pages from the oldest, with newer and older links and no page count', async () => {
    const many = Array.from({length: 5}, (_, index) => makeRelease({fileDate: `2025-09-0${5 - index}`, slug: `release-${5 - index}`, ...(index === 2 ? {language: 'zh', displayDate: '2025年9月3日'} : {})}))
    const small = await buildTestSite(many, testConfig({pageSize: 2}))
    try {
      const rel = async (path: string) => {
        const document = parseHtml(await small.read(path))
        return byTag(document, 'link').concat(byTag(document, 'a')).filter((link) => ['prev', 'next'].includes(attr(link, 'rel') ?? '')).map((link) => `${link.tagName} ${attr(link, 'rel')} ${attr(link, 'href')}`)
      }
      const entries = async (path: string) => {
        const document = parseHtml(await small.read(path))
        return byTag(document, 'li').filter((item) => attr(item, 'class')?.split(' ').includes('release-item')).map((item) => attr(byTag(item, 'a')[0]!, 'href'))
      }
      const lede = async (path: string) => textOf(findAll(parseHtml(await small.read(path)), (element) => attr(element, 'class') === 'lede')[0]!)
      // The home page's older link skips the newest numbered page, which it holds whole.
      expect(await rel('index.html')).toEqual(['link next https://newsroom.example.com/page/2/', 'a next /page/2/'])
      expect(await rel('page/3/index.html')).toEqual([
        'link prev https://newsroom.example.com/',
        'link next https://newsroom.example.com/page/2/',
        'a prev /',
        'a next /page/2/'
      ])
      expect(await rel('page/2/index.html')).toEqual([
        'link prev https://newsroom.example.com/page/3/',
        'link next https://newsroom.example.com/page/1/',
        'a prev /page/3/',
        'a next /page/1/'
      ])
      expect(await rel('page/1/index.html')).toEqual(['link prev https://newsroom.example.com/page/2/', 'a prev /page/2/'])
      await expect(small.read('page/4/index.html')).rejects.toThrow()
      expect(await entries('page/1/index.html')).toEqual(['/releases/2025-09-02-release-2/', '/releases/2025-09-01-release-1/'])
      expect(await entries('page/3/index.html')).toEqual(['/releases/2025-09-05-release-5/'])
      // A numbered page says what it holds, not how many pages there are.
      // In the site's language, whatever the language of the releases at its ends.
      // Its list is headed by the dates it holds, not as the newest releases, which are on the home page.
      const listHeading = async (path: string) => textOf(findAll(parseHtml(await small.read(path)), (element) => attr(element, 'id') === 'latest-heading')[0]!)
      expect(await listHeading('page/2/index.html')).toBe('Releases from Sept. 3, 2025 to Sept. 4, 2025')
      expect(await listHeading('index.html')).toBe('Latest releases')
      expect(await small.read('page/2/index.html')).not.toContain('Latest releases')
      expect(await small.read('page/2/index.html')).not.toMatch(/ of 3/)
      // Tag pages page the same way; the count of a topic's releases is on its first page only.
      expect(await rel('tags/energy/page/1/index.html')).toEqual(['link prev https://newsroom.example.com/tags/energy/page/2/', 'a prev /tags/energy/page/2/'])
      expect(await lede('tags/energy/index.html')).toBe('5 releases')
      expect(await lede('tags/energy/page/1/index.html')).toBe('Releases from Sept. 1, 2025 to Sept. 2, 2025')
      // The sitemap lists every page once.
      const sitemap = await small.read('sitemap.xml')
      for (const path of ['', 'page/1/', 'page/2/', 'page/3/', 'tags/energy/', 'tags/energy/page/1/', 'tags/energy/page/3/']) expect(sitemap.split(`<loc>https://newsroom.example.com/${path}</loc>`).length, path).toBe(2)
    } finally {
      await small.remove()
    }
  })

  it('should prefix every site link with the path of a baseUrl below the domain root', async () => {
    const nested = await buildTestSite([makeRelease()], testConfig({baseUrl: 'https://example.com/newsroom/'}))
    try {
      const document = parseHtml(await nested.read('index.html'))
      const hrefs = [...byTag(document, 'a'), ...byTag(document, 'link')].map((link) => attr(link, 'href') ?? '')
      const local = hrefs.filter((href) => href.startsWith('/'))
      expect(local.length).toBeGreaterThan(3)
      expect(local.every((href) => href.startsWith('/newsroom/'))).toBe(true)
    } finally {
      await nested.remove()
    }
  })
})

describe('tag pages', () => {
  it('should list the releases of a tag, newest first, and every tag on /tags/', async () => {
    const energy = await page('tags/energy/index.html')
    expect(textOf(byTag(energy, 'h1')[0]!)).toBe('Energy')
    const links = byTag(energy, 'h2').flatMap((heading) => byTag(heading, 'a')).map((link) => attr(link, 'href'))
    expect(links).toEqual([releases[0]!.urlPath, releases[1]!.urlPath, releases[3]!.urlPath])
    const index = await page('tags/index.html')
    const tags = byTag(index, 'ul').flatMap((list) => byTag(list, 'a')).map((link) => attr(link, 'href'))
    expect(tags).toEqual(['/tags/energy/', '/tags/manufacturing/', '/tags/offshore-wind/', '/tags/ports/', '/tags/氢能/'])
  })
})

describe('listing entries', () => {
  it('should draw each release once for all the listings that show it, the same in each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-entries-'))
    try {
      const drawn: string[] = []
      const liquid = createLiquid({root: templatesDir})
      const render = liquid.renderFileSync.bind(liquid)
      liquid.renderFileSync = (file, scope, options) => {
        if (file === 'partials/release-entry') drawn.push((scope as {release: {href: string}}).release.href)
        return render(file, scope, options) as unknown
      }
      await writeSite({config, releases, outDir: join(dir, 'out'), now: Date.parse('2026-01-01T00:00:00Z'), liquidFor: () => liquid})
      const entries = async (path: string) => {
        const document = parseHtml(await readFile(join(dir, 'out', path), 'utf8'))
        return new Map(findAll(document, (element) => attr(element, 'class')?.startsWith('release-item') === true).map((item) => [attr(byTag(item, 'a')[0]!, 'href'), outerHtml(item)]))
      }
      const index = await entries('index.html')
      const energy = await entries('tags/energy/index.html')
      const archive = await entries('archive/2025/index.html')
      // Every release but the featured one is an entry of the home page, and each is in one topic or more and the archive.
      expect(index.size).toBe(releases.length - 1)
      expect(energy.size).toBeGreaterThan(1)
      expect(archive.size).toBeGreaterThan(1)
      for (const [href, item] of energy) {
        if (index.has(href)) expect(item).toBe(index.get(href))
        expect(item).toBe(archive.get(href))
      }
      expect(drawn.toSorted()).toEqual(releases.map((release) => release.urlPath).toSorted())
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})

describe('the whole site', () => {
  it('should write every page into the sitemap with release dates, never the build time', async () => {
    const sitemap = await site.read('sitemap.xml')
    expect(sitemap).toContain('<url><loc>https://newsroom.example.com/releases/2025-10-02-offshore-wind-supply-deal/</loc><lastmod>2025-10-02T09:30:00+02:00</lastmod></url>')
    expect(sitemap).toContain('<url><loc>https://newsroom.example.com/</loc><lastmod>2025-10-02T09:30:00+02:00</lastmod></url>')
    expect(sitemap).toContain('<loc>https://newsroom.example.com/tags/manufacturing/</loc><lastmod>2025-09-16T10:00:00+02:00</lastmod>')
    expect(sitemap).not.toContain('2026')
    // Releases, the index, the tags, the topics page, and the archive's root, year and two months.
    expect(sitemap.match(/<url>/g)).toHaveLength(4 + 1 + 5 + 1 + 4)
    expect(sitemap).toContain('<url><loc>https://newsroom.example.com/archive/2025/09/</loc><lastmod>2025-09-20T08:00:00+08:00</lastmod></url>')
  })

  it('should write the same bytes when built twice', async () => {
    const again = await buildTestSite(releases, config)
    try {
      const files = (await readdir(site.dir, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile())
      for (const entry of files) {
        const path = `${entry.parentPath.slice(site.dir.length)}/${entry.name}`
        expect(await again.read(path), path).toBe(await site.read(path))
      }
      expect(files.length).toBeGreaterThan(10)
    } finally {
      await again.remove()
    }
  })

  it('should link no release other than the published ones it was given', async () => {
    const files = (await readdir(site.dir, {recursive: true})).map(String)
    const pages = files.filter((file) => file.startsWith('releases/') && file.endsWith('index.html'))
    expect(pages.sort()).toEqual(releases.map((release) => `${release.urlPath.slice(1)}index.html`).sort())
    for (const file of files.filter((name) => name.endsWith('.html') || name.endsWith('.xml'))) {
      const text = await site.read(file)
      const linked = [...text.matchAll(/\/releases\/([^/"<]+)\//g)].map((match) => match[1])
      expect(linked.every((id) => releases.some((release) => release.id === id)), file).toBe(true)
    }
  })

  it('should publish no draft or embargoed release even when one is handed over by mistake', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    const draft = makeRelease({slug: 'secret-merger', id: '2025-09-14-secret-merger', fileDate: '2025-09-14', draft: true})
    const embargoed = makeRelease({slug: 'results', id: '2025-09-13-results', fileDate: '2025-09-13', embargo: now + 1})
    const leaky = await buildTestSite([makeRelease(), draft, embargoed], config)
    try {
      const files = (await readdir(leaky.dir, {recursive: true})).map(String)
      expect(files.filter((file) => file.startsWith('releases/') && file.endsWith('.html'))).toEqual(['releases/2025-09-15-harbour-grid-pilot/index.html'])
      for (const file of files.filter((name) => /\.(html|xml)$/.test(name))) {
        const text = await leaky.read(file)
        expect(text, file).not.toMatch(/secret-merger|2025-09-13-results/)
      }
    } finally {
      await leaky.remove()
    }
  })

  it("should give a custom topics template each tag's releases as views it can count, index and loop over", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-templates-'))
    try {
      const templates = join(dir, 'templates')
      await cp(templatesDir, templates, {recursive: true})
      await writeFile(
        join(templates, 'tags.liquid'),
        '{% for tag in tags %}<p data-tag="{{ tag.slug }}" data-size="{{ tag.releases.size }}" data-first="{{ tag.releases.first.href }}" data-second="{{ tag.releases[1].title }}">{% for release in tag.releases %}<a href="{{ release.href }}">{{ release.displayDate }}</a>{% endfor %}</p>{% endfor %}'
      )
      await writeSite({config, releases, outDir: join(dir, 'out'), now: Date.parse('2026-01-01T00:00:00Z')}, {templatesDir: templates})
      const document = parseHtml(await readFile(join(dir, 'out', 'tags', 'index.html'), 'utf8'))
      const energy = releases.filter((release) => release.tags.some((tag) => tagSlug(tag) === 'energy'))
      const paragraph = byTag(document, 'p').find((element) => attr(element, 'data-tag') === 'energy')!
      expect(attr(paragraph, 'data-size')).toBe(String(energy.length))
      expect(attr(paragraph, 'data-first')).toBe(energy[0]!.urlPath)
      expect(attr(paragraph, 'data-second')).toBe(energy[1]!.title)
      expect(byTag(paragraph, 'a').map((link) => [attr(link, 'href'), textOf(link)])).toEqual(energy.map((release) => [release.urlPath, release.displayDate]))
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('should copy the stylesheet and write a 404 page that search engines skip', async () => {
    expect(await site.read('styles.css')).toContain('@media print')
    const notFound = await page('404.html')
    expect(metaContents(notFound, 'robots')).toEqual(['noindex'])
    expect(byTag(notFound, 'a').map((link) => attr(link, 'href'))).toContain('/')
  })
})
