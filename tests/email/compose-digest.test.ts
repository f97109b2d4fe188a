import {describe, expect, it} from 'vitest'
import {parse} from 'parse5'
import {createDigestComposer, digestSubject, releasesForTags} from '../../src/email/compose-digest.js'
import {attr, findAll, textOf, type Element} from '../support/html-dom.js'
import {makeArabicRelease, makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

const now = Date.parse('2025-09-15T10:00:00Z')
const unsubscribe = 'https://newsroom.example.com/unsubscribe?token=abc.def'

function sampleReleases() {
  return [
    makeRelease({
      slug: 'ferry-charging',
      title: 'Ferries & tugs charge at the quay <fast>',
      tags: ['energy'],
      media: [{url: 'https://newsroom.example.com/media/ferry.jpg', kind: 'image', mimeType: 'image/jpeg', alt: 'A ferry at the quay'}]
    }),
    makeRelease({fileDate: '2025-09-14', slug: 'port-budget', title: 'Port budget approved', tags: ['finance'], source: {name: 'City of Rotterdam'}})
  ]
}

describe('composeDigest', () => {
  it('should open the subject with the top headline, not the site title, and say how many more, or give the headline alone for one release', () => {
    const config = testConfig({title: 'Acme Newsroom'})
    const titles = (...list: string[]) => list.map((title) => ({title}))
    expect(digestSubject(config, titles('Northwind signs Baltic Ports deal', 'b', 'c', 'd', 'e'))).toBe('Northwind signs Baltic Ports deal, and 4 more')
    expect(digestSubject(config, titles('Port budget approved'))).toBe('Port budget approved')
    // A prefix only when the newsroom asks for one.
    const prefixed = testConfig({email: {from: 'a@b.example', subjectPrefix: '[Acme]'}})
    expect(digestSubject(prefixed, titles('Northwind signs Baltic Ports deal', 'b', 'c', 'd', 'e'))).toBe('[Acme]: Northwind signs Baltic Ports deal, and 4 more')
  })

  it('should write the subject and the intro with the right plural in every language of the chrome, never "1 releases"', async () => {
    const subjects = (language: string, subjectPrefix?: string) => {
      const config = testConfig({title: 'Acme', language, ...(subjectPrefix === undefined ? {} : {email: {from: 'a@b.example', subjectPrefix}})})
      return [digestSubject(config, [{title: 'Headline'}, {title: 'b'}]), digestSubject(config, [{title: 'Headline'}, {title: 'b'}, {title: 'c'}, {title: 'd'}])]
    }
    expect(subjects('en')).toEqual(['Headline, and 1 more', 'Headline, and 3 more'])
    expect(subjects('de')).toEqual(['Headline und 1 weitere', 'Headline und 3 weitere'])
    expect(subjects('fr')).toEqual(['Headline, et 1 autre', 'Headline, et 3 autres'])
    expect(subjects('es')).toEqual(['Headline y 1 más', 'Headline y 3 más'])
    expect(subjects('zh')).toEqual(['Headline（另有 1 篇）', 'Headline（另有 3 篇）'])
    expect(subjects('ja')).toEqual(['Headline ほか1件', 'Headline ほか3件'])
    // A configured prefix is joined as each language writes it.
    expect(subjects('fr', 'Acme')).toEqual(['Acme : Headline, et 1 autre', 'Acme : Headline, et 3 autres'])
    expect(subjects('zh', 'Acme')).toEqual(['Acme：Headline（另有 1 篇）', 'Acme：Headline（另有 3 篇）'])
    expect(subjects('de', 'Acme')).toEqual(['Acme: Headline und 1 weitere', 'Acme: Headline und 3 weitere'])
    const one = await createDigestComposer(testConfig(), {now})([makeRelease()], unsubscribe)
    expect(one.text).toContain('1 new release, Sept. 15, 2025')
    expect(one.html).toContain('1 new release, Sept. 15, 2025')
    const french = await createDigestComposer(testConfig({language: 'fr'}), {now})([makeRelease()], unsubscribe)
    expect(french.html).toContain('1 nouveau communiqué')
    for (const content of [one, french]) expect(`${content.text}${content.html}`).not.toMatch(/\b1 (releases|nouveaux)\b/)
  })

  it('should count the more releases of an Arabic subject with the Arabic plural forms: one, two, a few, many and the rest', () => {
    const config = testConfig({title: 'نهر', language: 'ar'})
    const subject = (more: number) => digestSubject(config, Array.from({length: more + 1}, (_, index) => ({title: index === 0 ? 'عنوان' : `b${index}`})))
    expect([0, 1, 2, 3, 11, 100].map(subject)).toEqual(['عنوان', 'عنوان، وبيان آخر', 'عنوان، وبيانان آخران', 'عنوان، و3 بيانات أخرى', 'عنوان، و11 بيانًا آخر', 'عنوان، و100 بيان آخر'])
  })

  it('should give an Arabic entry of an English digest its own words and an arrow pointing left, in both parts', async () => {
    const arabic = makeArabicRelease()
    const content = await createDigestComposer(testConfig(), {now})([makeRelease(), arabic], unsubscribe)
    const document = parse(content.html)
    const entries = findAll(document, (element) => attr(element, 'lang') === 'ar' && element.tagName === 'td')
    expect(entries.length).toBe(1)
    const words = (element: Element | typeof document, name: string) => findAll(element, (child) => attr(child, 'class') === name).map((child) => textOf(child).replace(/\s+/g, ' ').trim())
    const entry = entries[0] as Element
    expect(attr(entry, 'dir')).toBe('rtl')
    expect(words(entry, 'topics')).toEqual(['الموضوعات: تخزين الطاقة'])
    expect(words(entry, 'more')).toEqual(['اقرأ البيان كاملًا ←'])
    expect(words(entry, 'source')).toEqual(['المصدر: Nahr Energy'])
    // The digest's own words, and the English entry's, stay in the newsroom's language.
    expect(words(document, 'more')).toEqual(['Read the release →', 'اقرأ البيان كاملًا ←'])
    expect(content.html).toContain('You receive this digest because')
    expect(content.text).toMatch(/^ {4}المصدر: Nahr Energy$/m)
    expect(content.text).toMatch(/^ {4}Source: Port Energy Alliance/m)
  })

  it('should cut a long top headline at a word with an ellipsis so the subject fits 78 characters, keeping the count whole', () => {
    const config = testConfig({title: 'Northwind Newsroom'})
    const long = 'Northwind signs Baltic Ports deal to electrify twelve ferry berths in four ports by 2028 and cut the emissions of docked ships'
    const subject = digestSubject(config, [{title: long}, {title: 'b'}, {title: 'c'}])
    expect(subject).toBe('Northwind signs Baltic Ports deal to electrify twelve ferry…, and 2 more')
    expect(subject.length).toBeLessThanOrEqual(78)
  })

  it('should give a subscriber with tags only releases sharing a tag, and one without tags all of them', () => {
    const releases = sampleReleases()
    expect(releasesForTags(releases, ['finance']).map((release) => release.slug)).toEqual(['port-budget'])
    expect(releasesForTags(releases, []).map((release) => release.slug)).toEqual(['ferry-charging', 'port-budget'])
    expect(releasesForTags(releases, ['FINANCE']).map((release) => release.slug)).toEqual(['port-budget'])
    const spaced = [makeRelease({slug: 'offshore', tags: ['Offshore Wind']})]
    expect(releasesForTags(spaced, ['offshore-wind']).map((release) => release.slug)).toEqual(['offshore'])
    expect(releasesForTags(releases, ['sports'])).toEqual([])
  })

  it('should render the plain-text part with its links listed by number', async () => {
    const compose = createDigestComposer(testConfig(), {now})
    const content = await compose(sampleReleases(), unsubscribe, 'https://newsroom.example.com/preferences?token=ghi.jkl')
    await expect(content.text).toMatchFileSnapshot('../fixtures/email/digest-text/output.txt')
  })

  it('should name the organizations of a release above its headline, in both parts, and nothing for a release without', async () => {
    const compose = createDigestComposer(testConfig(), {now})
    const joint = makeRelease({slug: 'joint', title: 'Joint berth deal', organizations: [{slug: 'nordlicht', name: 'Nordlicht Batteries AG', tickers: ['XETRA: NLB']}, {slug: 'harbourline', name: 'Harbourline & Sons', tickers: []}]})
    const {html, text} = await compose([joint, makeRelease({fileDate: '2025-09-14', slug: 'plain'})], unsubscribe)
    expect(html).toMatch(/<p class="kicker"[^>]*>Nordlicht Batteries AG · Harbourline &amp; Sons<\/p>\s*<h1 class="headline headline-lead"[^>]*><a href="[^"]*2025-09-15-joint\/"/)
    expect(html.match(/class="kicker"/g)).toHaveLength(1)
    expect(text).toContain('1. Joint berth deal [1]\n    Nordlicht Batteries AG / Harbourline & Sons\n')
  })

  it('should escape titles and give each entry headline, dateline, snippet, image, link and source', async () => {
    const compose = createDigestComposer(testConfig(), {now})
    const {html} = await compose(sampleReleases(), unsubscribe)
    expect(html).toContain('Ferries &amp; tugs charge at the quay &lt;fast&gt;')
    expect(html).not.toContain('<fast>')
    expect(html).toContain('ROTTERDAM, Netherlands, Sept. 15, 2025 (GLOBE NEWSWIRE) --')
    expect(html).toContain('Forty harbour ferries now draw shore power while docked')
    expect(html).toMatch(/<img[^>]+src="https:\/\/newsroom\.example\.com\/media\/ferry\.jpg"[^>]+alt="A ferry at the quay"[^>]+width="552" height="290"/)
    expect(html).toContain('href="https://newsroom.example.com/releases/2025-09-14-port-budget/"')
    expect(html).toContain('Source: <a href="https://alliance.example.org"')
    expect(html).toContain('Source: City of Rotterdam')
    expect(html).toContain(`href="${unsubscribe}"`)
    // Inlined by juice: Outlook ignores <style> blocks.
    expect(html).toMatch(/<td class="lead" lang="en" dir="ltr" style="[^"]*padding/)
    expect(html).toMatch(/<td class="entry entry-first" lang="en" dir="ltr" style="[^"]*padding/)
    expect(() => parse(html)).not.toThrow()
  })

  it('should keep the HTML of a 50-release digest under 90 KB so Gmail does not clip the unsubscribe link', async () => {
    const releases = Array.from({length: 50}, (_, index) =>
      makeRelease({
        slug: `release-${index}`,
        title: `Harbour grid pilot number ${index} connects ferries to shore power`,
        summary: 'x'.repeat(150),
        media: [{url: `https://newsroom.example.com/media/${index}.jpg`, kind: 'image', alt: 'A ferry at the quay'}]
      })
    )
    const {html} = await createDigestComposer(testConfig(), {now})(releases, unsubscribe)
    expect(Buffer.byteLength(html)).toBeLessThan(90 * 1024)
  })

  it('should shrink the oldest entries to linked headlines rather than pass 90 KB, listing every release', async () => {
    const releases = Array.from({length: 120}, (_, index) =>
      makeRelease({
        slug: `harbour-grid-pilot-phase-${index}`,
        title: `Harbour grid pilot phase ${index} connects another 40 ferries to shore power in the port of Rotterdam`,
        summary: 'y'.repeat(160),
        media: [{url: `https://newsroom.example.com/media/harbour-grid-pilot-phase-${index}.jpg`, kind: 'image', alt: 'A white passenger ferry moored at a quay, connected by a thick orange cable'}]
      })
    )
    const {html, text} = await createDigestComposer(testConfig(), {now})(releases, unsubscribe)
    expect(Buffer.byteLength(html)).toBeLessThan(90 * 1024)
    for (const release of releases) expect(html).toContain(`href="${release.url}"`)
    expect(html).toContain('class="brief"')
    expect(html.indexOf('class="entry"')).toBeLessThan(html.indexOf('class="brief"'))
    expect(html).toContain(`href="${unsubscribe}"`)
    expect(text.match(/y{160}/g)).toHaveLength(120)
  })

  it('should refuse a release title with a line break', async () => {
    const compose = createDigestComposer(testConfig(), {now})
    await expect(compose([makeRelease({title: 'Ferries\r\nBcc: victim@example.org'})], unsubscribe)).rejects.toThrow(/control character U\+000D/)
  })

  it('should refuse a subject prefix that could inject a header', () => {
    expect(() => digestSubject(testConfig({email: {from: 'a@b.example', subjectPrefix: 'News\nBcc: x@y.example'}}), [{title: 'Headline'}])).toThrow(/U\+000A/)
  })
})
