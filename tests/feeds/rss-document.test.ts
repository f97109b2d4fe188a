import {XMLParser, XMLValidator} from 'fast-xml-parser'
import Parser from 'rss-parser'
import {describe, expect, it} from 'vitest'
import {rssChannel, rssDocument, rssItemXml, type RssChannel, type RssItem} from '../../src/feeds/rss-document.js'
import {PressroomError} from '../../src/report/pressroom-error.js'

const channel: RssChannel = {
  title: 'Example Newsroom',
  description: 'Releases',
  siteUrl: 'https://newsroom.example.com/',
  feedUrl: 'https://newsroom.example.com/rss.xml',
  language: 'en',
  generator: 'pressroom'
}

function item(overrides: Partial<RssItem> = {}): RssItem {
  return {
    title: 'Harbour grid pilot',
    permalink: 'https://newsroom.example.com/releases/2025-09-15-harbour/',
    description: 'Forty ferries.',
    contentHtml: '<p>Forty ferries.</p>',
    creator: 'Port Energy Alliance',
    categories: ['energy'],
    timestamp: Date.parse('2025-09-15T08:00:00+02:00'),
    offsetMinutes: 120,
    media: [],
    ...overrides
  }
}

// Keep CDATA apart from text, so a test can tell escaped text from markup.
const parser = new XMLParser({ignoreAttributes: false, cdataPropName: '#cdata', parseTagValue: false, isArray: (name) => name === 'item' || name === 'pubDate'})

describe('rssDocument', () => {
  it('should write an item as the same bytes in every feed, between its channel head and tail', () => {
    const first = item()
    const second = item({permalink: 'https://newsroom.example.com/releases/a/', title: 'Another', timestamp: Date.parse('2025-09-10T08:00:00Z'), offsetMinutes: 0})
    const other = {...channel, title: 'Tag feed', feedUrl: 'https://newsroom.example.com/tags/energy/rss.xml', hubs: ['https://hub.example.com/']}
    for (const feed of [channel, other]) {
      const {head, tail} = rssChannel(feed, [first, second])
      expect(rssDocument(feed, [first, second])).toBe(head + rssItemXml(first, feed.feedUrl) + rssItemXml(second, feed.feedUrl) + tail)
      expect(XMLValidator.validate(head + tail)).toBe(true)
    }
    expect(rssItemXml(first, channel.feedUrl)).toMatch(/^\n    <item>[\s\S]*<\/item>$/)
  })

  it('should never write a channel author, even though every item has a creator', () => {
    const xml = rssDocument(channel, [item()])
    expect(xml).not.toMatch(/<author>/)
    expect(xml).toContain('<dc:creator><![CDATA[Port Energy Alliance]]></dc:creator>')
  })

  it('should take lastBuildDate from the newest item in its own offset, not from the clock', () => {
    const older = item({permalink: 'https://newsroom.example.com/releases/a/', timestamp: Date.parse('2025-09-10T08:00:00Z'), offsetMinutes: 0})
    const newer = item({timestamp: Date.parse('2025-09-15T00:30:00+08:00'), offsetMinutes: 480})
    const xml = rssDocument(channel, [older, newer])
    expect(xml.match(/<lastBuildDate>/g)).toHaveLength(1)
    expect(xml).toContain('<lastBuildDate>Mon, 15 Sep 2025 00:30:00 +0800</lastBuildDate>')
  })

  it('should replace the channel lastBuildDate even when the feed title contains that text', () => {
    const xml = rssDocument({...channel, title: 'A <lastBuildDate>x</lastBuildDate> title'}, [item()])
    expect(xml).toContain('<title><![CDATA[A <lastBuildDate>x</lastBuildDate> title]]></title>')
    expect(xml).toContain('<lastBuildDate>Mon, 15 Sep 2025 08:00:00 +0200</lastBuildDate>')
    expect(XMLValidator.validate(xml)).toBe(true)
  })

  it('should leave lastBuildDate out of a feed without items', () => {
    const xml = rssDocument(channel, [])
    expect(xml).not.toContain('lastBuildDate')
    expect(XMLValidator.validate(xml)).toBe(true)
  })

  it('should write exactly one pubDate per item, in the item offset with its own weekday', () => {
    const xml = rssDocument(channel, [item({timestamp: Date.parse('2025-09-14T22:00:00-05:00'), offsetMinutes: -300})])
    const items = parser.parse(xml).rss.channel.item as {pubDate: string[]}[]
    expect(items[0]?.pubDate).toEqual(['Sun, 14 Sep 2025 22:00:00 -0500'])
  })

  it('should write the permalink as link and as a permalink guid', () => {
    const xml = rssDocument(channel, [item()])
    expect(xml).toContain('<link>https://newsroom.example.com/releases/2025-09-15-harbour/</link>')
    expect(xml).toContain('<guid isPermaLink="true">https://newsroom.example.com/releases/2025-09-15-harbour/</guid>')
  })

  it('should refuse a missing site or feed URL instead of linking to the rss package home page', () => {
    expect(() => rssDocument({...channel, siteUrl: ''}, [item()])).toThrow(PressroomError)
    expect(() => rssDocument({...channel, feedUrl: '/rss.xml'}, [item()])).toThrow(/feedUrl `\/rss.xml` is not an absolute/)
  })

  it('should refuse a date it cannot format instead of printing Invalid Date', () => {
    expect(() => rssDocument(channel, [item({timestamp: Number.NaN})])).toThrow(PressroomError)
    expect(() => rssDocument(channel, [item({offsetMinutes: 24 * 60})])).toThrow(/Could not write the date/)
  })

  it('should remove characters XML 1.0 forbids from every string', () => {
    const nasty = 'a\x00b\x08c\x0bd\x0ce\x1bf\uFFFEg\uFFFFh\uD800i\uDC00j'
    const xml = rssDocument({...channel, title: nasty, description: nasty}, [
      item({title: nasty, description: nasty, contentHtml: `<p>${nasty}</p>`, creator: nasty, categories: [nasty], media: [{url: 'https://x.example/a.png', medium: 'image', description: nasty}]})
    ])
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]|[\uD800-\uDFFF]/u)
    // channel title and description; item title, description, content, creator, category and media description
    expect(xml.match(/abcdefghij/g)).toHaveLength(8)
    expect(XMLValidator.validate(xml)).toBe(true)
  })

  it('should split every ]]> inside CDATA so the content reads back unchanged', async () => {
    const body = '<p>Arrays like a[b[0]]> and x]]>y both end early.</p>'
    const xml = rssDocument(channel, [item({title: 'Title ]]> here', contentHtml: body})])
    expect(XMLValidator.validate(xml)).toBe(true)
    const feed = await new Parser().parseString(xml)
    expect(feed.items[0]?.['content:encoded']).toBe(body)
    expect(feed.items[0]?.title).toBe('Title ]]> here')
  })

  it('should write Media RSS content with its type and an enclosure only when given one', () => {
    const xml = rssDocument(channel, [
      item({
        media: [
          {url: 'https://cdn.example.net/a.jpg', medium: 'image', type: 'image/jpeg', fileSize: 1200, description: 'Caption & more'},
          {url: 'https://cdn.example.net/b.mp4', medium: 'video'}
        ],
        enclosure: {url: 'https://cdn.example.net/a.jpg', length: 1200, type: 'image/jpeg'}
      })
    ])
    expect(xml).toContain('xmlns:media="http://search.yahoo.com/mrss/"')
    expect(xml).toContain('<media:content url="https://cdn.example.net/a.jpg" medium="image" type="image/jpeg" fileSize="1200">')
    expect(xml).toContain('<media:description type="plain">Caption &amp; more</media:description>')
    expect(xml).toContain('<media:content url="https://cdn.example.net/b.mp4" medium="video"/>')
    expect(xml.match(/<enclosure /g)).toHaveLength(1)
    expect(xml).toContain('<enclosure url="https://cdn.example.net/a.jpg" length="1200" type="image/jpeg"/>')
  })
})
