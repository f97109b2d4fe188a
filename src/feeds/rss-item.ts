import type {Config} from '../config/config-schema.js'
import {formatInOffset} from '../release/iso-date.js'
import {mediaTopicScheme} from '../release/media-topics.js'
import {type Release, releaseHtml} from '../release/release.js'
import {absoluteUrl} from './absolute-urls.js'
import {feedHtml} from './feed-html.js'
import type {RssItem, RssMedia} from './rss-document.js'

/**
 * A published release as an RSS item: permalink guid, own-offset date, absolute URLs, Media RSS and an enclosure.
 * `contentHtml` is the body made for feeds, when the caller made it already for another feed.
 */
export function rssItem(release: Release, config: Config, contentHtml = feedHtml(releaseHtml(release), config.baseUrl, release.url)): RssItem {
  const media = release.media.map((item): RssMedia => ({
    url: absoluteUrl(item.url, config.baseUrl, release.url) ?? item.url,
    medium: item.kind,
    ...(item.mimeType === undefined ? {} : {type: item.mimeType}),
    ...(item.length === undefined ? {} : {fileSize: item.length}),
    ...(item.caption ?? item.alt ? {description: item.caption ?? item.alt} : {})
  }))
  // RSS allows one enclosure, and only with a length and a type; readers that know Media RSS see every item anyway.
  const enclosed = media.find((item) => item.fileSize !== undefined && item.type !== undefined)
  return {
    title: release.title,
    permalink: release.url,
    description: release.summary,
    contentHtml,
    creator: release.source.name,
    ...(release.organizations.length === 0 ? {} : {publishers: release.organizations.map((organization) => organization.name)}),
    categories: release.tags,
    schemeCategories: release.subjects.map((topic) => ({domain: mediaTopicScheme, label: topic.label})),
    timestamp: release.timestamp,
    offsetMinutes: release.offsetMinutes,
    ...(release.updatedAt === undefined ? {} : {updated: formatInOffset(release.updatedAt, release.offsetMinutes)}),
    media,
    ...(enclosed?.fileSize === undefined || enclosed.type === undefined
      ? {}
      : {enclosure: {url: enclosed.url, length: enclosed.fileSize, type: enclosed.type}})
  }
}
