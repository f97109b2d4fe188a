import {describe, expect, it} from 'vitest'
import {releaseHtml} from '../../src/release/release.js'
import {bodySourceOf, cachedRelease, coldKeys, releaseMeta, releaseWith, splitMeta, type ReleaseMetaRecord} from '../../src/cache/cached-release.js'

const meta: ReleaseMetaRecord = {
  id: '2025-09-15-harbour-pilot',
  path: 'releases/2025-09-15-harbour-pilot.md',
  slug: 'harbour-pilot',
  organizations: [],
  fileDate: '2025-09-15',
  urlPath: '/releases/2025-09-15-harbour-pilot/',
  url: 'https://news.example/releases/2025-09-15-harbour-pilot/',
  title: 'Harbour pilot starts',
  subtitle: 'Two berths first',
  dateline: 'ROTTERDAM, Netherlands',
  datelineText: 'ROTTERDAM, Netherlands, Sept. 15, 2025 (GLOBE NEWSWIRE) --',
  displayDate: 'Sept. 15, 2025',
  source: {name: 'Harbour Power'},
  date: '2025-09-15T09:00:00+02:00',
  offsetMinutes: 120,
  timestamp: Date.parse('2025-09-15T07:00:00Z'),
  summary: 'Two berths get shore power.',
  media: [{url: 'https://news.example/a.jpg', kind: 'image', alt: 'A berth'}],
  tags: ['Energy'],
  subjects: [{code: '20000256', label: 'energy and resource'}],
  language: 'en',
  distributor: 'GLOBE NEWSWIRE',
  draft: true,
  embargo: 1
}

/** A cached release of `meta`, counting how often it reads its cold fields and its bodies. */
function counted() {
  const reads = {cold: 0, body: 0}
  const {hot, cold} = splitMeta(meta)
  const release = cachedRelease(hot, {
    cold: () => (reads.cold++, structuredClone(cold)),
    body: () => (reads.body++, '<p>Body</p>'),
    xhtml: () => '<p>Body</p>',
    bodySource: {file: '/cache/bodies/k.html', sum: 'sum', htmlBytes: 11}
  })
  return {release, reads}
}

describe('cached releases', () => {
  it('should split a record into the fields the index keeps and the ones read on use', () => {
    const {hot, cold} = splitMeta(meta)
    expect(Object.keys(cold).sort()).toEqual([...coldKeys].sort())
    expect({...hot, ...cold}).toEqual(meta)
    for (const key of coldKeys) expect(key in hot).toBe(false)
  })

  it('should read its cold fields once, on first use, and its bodies on each use', () => {
    const {release, reads} = counted()
    expect(release.id).toBe(meta.id)
    expect(release.tags).toEqual(['Energy'])
    expect(reads).toEqual({cold: 0, body: 0})
    expect([release.title, release.subtitle, release.summary, release.displayDate]).toEqual([meta.title, meta.subtitle, meta.summary, meta.displayDate])
    expect(release.source).toEqual(meta.source)
    expect(release.media).toEqual(meta.media)
    expect(reads.cold).toBe(1)
    expect([releaseHtml(release), releaseHtml(release)]).toEqual(['<p>Body</p>', '<p>Body</p>'])
    expect(reads).toEqual({cold: 1, body: 2})
  })

  it('should give its whole record without reading its bodies, and say where they are', () => {
    const {release, reads} = counted()
    expect(releaseMeta(release)).toEqual(meta)
    expect(reads.body).toBe(0)
    expect(bodySourceOf(release)).toEqual({file: '/cache/bodies/k.html', sum: 'sum', htmlBytes: 11})
    expect(bodySourceOf({...meta, body: {html: ''}})).toBeUndefined()
  })

  it('should copy with changes and keep reading what it reads on use, leaving the original as it was', () => {
    const {release} = counted()
    const copy = releaseWith(release, {draft: false, embargo: undefined})
    expect([copy.draft, copy.embargo, release.draft, release.embargo]).toEqual([false, undefined, true, 1])
    expect([copy.title, releaseHtml(copy), copy.datelineText]).toEqual([meta.title, '<p>Body</p>', meta.datelineText])
    expect(bodySourceOf(copy)).toEqual(bodySourceOf(release))
    expect(releaseMeta(copy)).toEqual({...meta, draft: false, embargo: undefined})
    // A spread, by contrast, has only the fields the index keeps and the body's reader, which reads on use too.
    const spread = {...release}
    expect(spread.title).toBeUndefined()
    expect(Object.getOwnPropertySymbols(spread)).toEqual([])
    expect(releaseHtml(spread)).toBe('<p>Body</p>')
    const plain = releaseWith({...meta, body: {html: 'h'}}, {draft: false})
    expect([plain.draft, plain.title, releaseHtml(plain)]).toEqual([false, meta.title, 'h'])
  })
})
