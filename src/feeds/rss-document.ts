import RSS from 'rss'
import {PressroomError} from '../report/pressroom-error.js'
import {feedText} from './feed-html.js'
import {isFormattableDate, rfc822Date} from './rfc822-date.js'
import {validUri} from '../links/valid-uri.js'
import {xmlText} from '../html/xml-text.js'

/** The channel of an RSS feed. Both URLs are required: without them `rss` links to its own GitHub page. */
export interface RssChannel {
  title: string
  /** Plain text: written as HTML that shows it as it is, since readers render a description as HTML. */
  description: string
  /** The page the feed belongs to (absolute). */
  siteUrl: string
  /** Where the feed is served (absolute): written as `atom:link rel="self"`. */
  feedUrl: string
  language: string
  imageUrl?: string
  generator: string
  /** WebSub hubs that are told when the feed changes: each written as `atom:link rel="hub"`. */
  hubs?: readonly string[]
}

/** One `media:content` of an item (Media RSS). */
export interface RssMedia {
  url: string
  medium: 'image' | 'video' | 'audio'
  type?: string
  fileSize?: number
  description?: string
}

/** One item. `permalink` is both `link` and the `guid` (isPermaLink="true"), so it must never change. */
export interface RssItem {
  title: string
  permalink: string
  /** Plain text (the snippet): written as HTML that shows it as it is, since readers render a description as HTML. */
  description: string
  /** Sanitized HTML with absolute URLs. */
  contentHtml: string
  creator: string
  /** The organizations the release is from, primary first: each a `dc:publisher`. */
  publishers?: string[]
  categories: string[]
  /** Categories of a controlled vocabulary: `<category domain="...">label</category>`. */
  schemeCategories?: ReadonlyArray<{domain: string; label: string}>
  /** Publication instant (ms since the epoch), written in `offsetMinutes`. */
  timestamp: number
  offsetMinutes: number
  /** When the item's current version went public, if it changed since: written as ISO 8601 in `atom:updated`. */
  updated?: string
  media: RssMedia[]
  /** Only with a known length and type: RSS requires both. */
  enclosure?: {url: string; length: number; type: string}
}

const mediaNamespace = 'http://search.yahoo.com/mrss/'

/**
 * Write an RSS 2.0 document with the `rss` package, minus its traps: no channel `<author>`, `lastBuildDate` is the
 * newest item's date (so unchanged input gives identical bytes), required site and feed URLs, dates refused up front
 * instead of printed as `Invalid Date`, XML-forbidden characters removed, and `pubDate` in each item's own offset.
 * The one module that imports `rss`.
 */
export function rssDocument(channel: RssChannel, items: readonly RssItem[]): string {
  // The channel's URLs are refused first, then items' dates, before any date is formatted for the channel.
  validateChannel(channel)
  const written = items.map((item) => rssItemXml(item, channel.feedUrl)).join('')
  const {head, tail} = rssChannel(channel, items)
  return head + written + tail
}

/**
 * An RSS document but its items, as the text before them and after them: `rssDocument` is `head`, then each item's
 * {@link rssItemXml} in order, then `tail`. `items` give the channel its `lastBuildDate` only.
 */
export function rssChannel(channel: RssChannel, items: ReadonlyArray<Pick<RssItem, 'timestamp' | 'offsetMinutes'>>): {head: string; tail: string} {
  validateChannel(channel)
  const feed = new RSS({
    title: xmlText(channel.title),
    description: feedText(xmlText(channel.description)),
    site_url: validUri(channel.siteUrl),
    feed_url: validUri(channel.feedUrl),
    language: xmlText(channel.language),
    generator: xmlText(channel.generator),
    ...(channel.imageUrl === undefined ? {} : {image_url: validUri(channel.imageUrl)}),
    custom_namespaces: {media: mediaNamespace},
    // `rss` has room for one hub only; as custom elements, every hub is written beside the `self` link it writes.
    custom_elements: (channel.hubs ?? []).map((hub) => ({'atom:link': {_attr: {href: validUri(hub), rel: 'hub'}}}))
  })
  const newest = items.reduce<Pick<RssItem, 'timestamp' | 'offsetMinutes'> | undefined>((found, item) => (found === undefined || item.timestamp > found.timestamp ? item : found), undefined)
  const xml = setLastBuildDate(feed.xml({indent: '  '}), newest && rfc822Date(newest.timestamp, newest.offsetMinutes))
  if (!xml.endsWith(channelEnd)) throw new Error('The `rss` package ended a feed otherwise than expected; check its version')
  return {head: xml.slice(0, -channelEnd.length), tail: channelEnd + '\n'}
}

/**
 * One item as `rss` writes it in a document, with the line break and indent before it: the same bytes in every feed
 * that lists it, so a release in several feeds is written once. `feedUrl` names the feed in the error of a bad date.
 */
export function rssItemXml(item: RssItem, feedUrl: string): string {
  validateItem(feedUrl, item)
  // An item's text depends on nothing of its channel: `rss` writes it alone in a channel of no text of its own.
  const feed = new RSS({title: 'item', site_url: 'https://item.invalid/', feed_url: 'https://item.invalid/rss.xml', custom_namespaces: {media: mediaNamespace}})
  feed.item(itemOptions(item))
  const xml = feed.xml({indent: '  '})
  const start = xml.indexOf(itemStart)
  if (start === -1 || !xml.endsWith(itemEnd + channelEnd)) throw new Error('The `rss` package wrote an item otherwise than expected; check its version')
  return xml.slice(start, -channelEnd.length)
}

// How `rss` (with a two-space indent) opens an item and closes one, and the channel after the last.
const itemStart = '\n    <item>'
const itemEnd = '</item>'
const channelEnd = '\n  </channel>\n</rss>'

function itemOptions(item: RssItem): RSS.ItemOptions {
  // No `date`: `rss` would write it with toUTCString; our own pubDate goes in as a custom element instead.
  const custom: unknown[] = [{pubDate: rfc822Date(item.timestamp, item.offsetMinutes)}]
  // RSS 2.0 has no element for it; the Atom namespace `rss` declares has one that feed readers know.
  if (item.updated !== undefined) custom.push({'atom:updated': item.updated})
  // `xml` (pinned by `rss`) splits every `]]>` inside `_cdata`; the feed tests prove it on a body with two of them.
  if (item.contentHtml !== '') custom.push({'content:encoded': {_cdata: xmlText(item.contentHtml)}})
  for (const publisher of item.publishers ?? []) custom.push({'dc:publisher': xmlText(publisher)})
  for (const media of item.media) custom.push({'media:content': mediaContent(media)})
  // `rss` writes a category as text only; RSS 2.0's `domain` names the vocabulary, so these go in as elements of ours.
  for (const {domain, label} of item.schemeCategories ?? []) {
    const text = xmlText(label)
    if (text !== '') custom.push({category: [{_attr: {domain: validUri(domain)}}, text]})
  }
  return {
    title: xmlText(item.title),
    description: feedText(xmlText(item.description)),
    // With a url and no guid, `rss` writes the url as guid with isPermaLink="true"; a given guid would be "false".
    url: validUri(item.permalink),
    author: xmlText(item.creator),
    categories: item.categories.map(xmlText).filter((category) => category !== ''),
    date: '',
    ...(item.enclosure === undefined
      ? {}
      : {enclosure: {url: validUri(item.enclosure.url), size: item.enclosure.length, type: xmlText(item.enclosure.type)}}),
    custom_elements: custom
  }
}

function mediaContent(media: RssMedia): unknown {
  const attributes: Record<string, string | number> = {url: validUri(media.url), medium: media.medium}
  if (media.type !== undefined) attributes.type = xmlText(media.type)
  if (media.fileSize !== undefined) attributes.fileSize = media.fileSize
  const description = media.description === undefined ? '' : xmlText(media.description)
  // An object with only attributes makes an empty element; an array would leave an empty line inside it.
  if (description === '') return {_attr: attributes}
  return [{_attr: attributes}, {'media:description': [{_attr: {type: 'plain'}}, description]}]
}

function validateChannel(channel: RssChannel): void {
  for (const [name, url] of [['siteUrl', channel.siteUrl], ['feedUrl', channel.feedUrl]] as const) {
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new PressroomError('BUILD_FAILED', `Could not write the feed \`${channel.title}\`: ${name} \`${url}\` is not an absolute http(s) URL`, {
        hint: 'Set `baseUrl` in the config to the site address, e.g. https://newsroom.example.com'
      })
    }
  }
}

function validateItem(feedUrl: string, item: RssItem): void {
  if (!isFormattableDate(item.timestamp, item.offsetMinutes)) {
    throw new PressroomError('BUILD_FAILED', `Could not write the date of \`${item.permalink}\` into the feed \`${feedUrl}\``, {
      hint: 'Give the release a valid ISO 8601 `date` with an offset, e.g. 2025-09-15T08:00:00+02:00'
    })
  }
}

// `rss` always writes lastBuildDate as the current time. Replace the channel's (the first one outside CDATA), or drop
// it for a feed without items, which has no date that would stay the same between builds.
function setLastBuildDate(xml: string, date: string | undefined): string {
  const element = /(\n[ \t]*)?<lastBuildDate>[^<]*<\/lastBuildDate>/y
  let at = 0
  while (at < xml.length) {
    const cdata = xml.indexOf('<![CDATA[', at)
    const found = xml.slice(at).search(/(\n[ \t]*)?<lastBuildDate>/)
    if (found === -1) break
    const start = at + found
    if (cdata !== -1 && cdata < start) {
      const end = xml.indexOf(']]>', cdata)
      if (end === -1) break
      at = end + 3
      continue
    }
    element.lastIndex = start
    const match = element.exec(xml)
    if (!match) break
    const replacement = date === undefined ? '' : `${match[1] ?? ''}<lastBuildDate>${date}</lastBuildDate>`
    return xml.slice(0, start) + replacement + xml.slice(start + match[0].length)
  }
  throw new Error('The `rss` package wrote no lastBuildDate where one was expected; check its version')
}
