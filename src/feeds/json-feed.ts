import type {Config} from '../config/config-schema.js'
import {formatInOffset} from '../release/iso-date.js'
import {mediaTopicScheme, mediaTopicUri} from '../release/media-topics.js'
import {type Release, releaseHtml} from '../release/release.js'
import {absoluteUrl} from './absolute-urls.js'
import {feedHtml} from './feed-html.js'
import {feedPaths} from '../links/feed-links.js'
import {validUri} from '../links/valid-uri.js'
import {xmlText} from '../html/xml-text.js'

/** An author as JSON Feed 1.1 describes one. */
export interface JsonFeedAuthor {
  name: string
  url?: string
  avatar?: string
}

/** One item of a JSON Feed 1.1. `id` is the permanent URL, so it survives edits as the RSS guid does. */
export interface JsonFeedItem {
  id: string
  url: string
  title: string
  content_html: string
  summary: string
  image?: string
  date_published: string
  date_modified?: string
  tags?: string[]
  language: string
  authors: JsonFeedAuthor[]
  /** pressroom's extension (JSON Feed names extensions with a leading `_`): the release's IPTC Media Topics. */
  _iptc?: JsonFeedIptc
  /** Our extension (JSON Feed allows keys starting with `_`): the organizations the release is from, with tickers. */
  _pressroom?: {organizations: Array<{slug: string; name: string; url?: string; tickers: string[]}>}
}

/** The `_iptc` extension of an item: `about` says what it is, `media_topics` are the release's Media Topics. */
export interface JsonFeedIptc {
  about: string
  media_topics: Array<{qcode: string; label: string; uri: string}>
}

/** A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1). */
export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1'
  title: string
  home_page_url: string
  feed_url: string
  /** WebSub hubs told when the feed changes (JSON Feed 1.1 `hubs`). */
  hubs?: Array<{type: 'WebSub'; url: string}>
  description?: string
  language: string
  authors?: JsonFeedAuthor[]
  items: JsonFeedItem[]
}

/** The site-wide JSON Feed: the newest `config.feedSize` releases; `htmlOf` gives a release's body made for feeds. */
export function jsonFeed(config: Config, releases: readonly Release[], htmlOf = (release: Release) => feedHtml(releaseHtml(release), config.baseUrl, release.url)): JsonFeed {
  const publisher = config.publisher
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: clean(config.title),
    home_page_url: validUri(`${config.baseUrl}/`),
    feed_url: validUri(config.baseUrl + feedPaths.json),
    ...(config.websub === undefined ? {} : {hubs: config.websub.hubs.map((url) => ({type: 'WebSub' as const, url: validUri(url)}))}),
    ...(config.description === '' ? {} : {description: clean(config.description)}),
    language: config.language,
    ...(publisher === undefined ? {} : {authors: [author(publisher)]}),
    items: releases.slice(0, config.feedSize).map((release) => jsonFeedItem(release, config, htmlOf(release)))
  }
}

function jsonFeedItem(release: Release, config: Config, html: string): JsonFeedItem {
  const image = release.media.find((item) => item.kind === 'image')
  return {
    id: validUri(release.url),
    url: validUri(release.url),
    title: clean(release.title),
    content_html: clean(html),
    summary: clean(release.summary),
    ...(image === undefined ? {} : {image: validUri(absoluteUrl(image.url, config.baseUrl, release.url) ?? image.url)}),
    date_published: release.date,
    ...(release.updatedAt === undefined ? {} : {date_modified: formatInOffset(release.updatedAt, release.offsetMinutes)}),
    ...(release.tags.length === 0 ? {} : {tags: release.tags.map(clean)}),
    language: release.language,
    authors: release.organizations.length === 0 ? [author(release.source)] : release.organizations.map((organization) => author(organization)),
    // Not in `tags`, which are the newsroom's own words and name its tag pages.
    ...(release.subjects.length === 0
      ? {}
      : {_iptc: {about: mediaTopicScheme, media_topics: release.subjects.map((topic) => ({qcode: `medtop:${topic.code}`, label: clean(topic.label), uri: mediaTopicUri(topic)}))}}),
    ...(release.organizations.length === 0
      ? {}
      : {_pressroom: {organizations: release.organizations.map((organization) => ({slug: organization.slug, name: clean(organization.name), ...(organization.url === undefined ? {} : {url: validUri(organization.url)}), tickers: organization.tickers.map(clean)}))}})
  }
}

function author(source: {name: string; url?: string | undefined; logo?: string | undefined}): JsonFeedAuthor {
  return {name: clean(source.name), ...(source.url === undefined ? {} : {url: validUri(source.url)}), ...(source.logo === undefined ? {} : {avatar: validUri(source.logo)})}
}

// JSON can carry control characters and lone surrogates, but readers that convert a feed to XML or UTF-8 choke on them.
function clean(text: string): string {
  return xmlText(text)
}
