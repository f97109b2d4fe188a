import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import {tagSlug} from '../release/tag-slug.js'
import {validUri} from './valid-uri.js'

/** A feed a page advertises with `<link rel="alternate">`. `href` is absolute and percent-encoded, as in the feed itself. */
export interface FeedLink {
  type: 'application/rss+xml' | 'application/feed+json'
  title: string
  href: string
}

/** Site paths of every feed, as written to disk (not percent-encoded). Permanent: aggregators subscribe to them. */
export const feedPaths = {
  rss: '/rss.xml',
  json: '/feed.json',
  newsSitemap: '/news-sitemap.xml',
  tag: (tag: string) => `/tags/${tagSlug(tag)}/rss.xml`,
  language: (language: string) => `/languages/${language.toLowerCase()}/rss.xml`,
  organization: (slug: string) => `/organizations/${slug}/rss.xml`
}

/**
 * The WebSub topics of a newsroom: the site-wide RSS feed and JSON Feed, the feeds that list every release, so any
 * publish changes them. Only these advertise the hubs, so no feed names a hub that is never told of it.
 */
export function hubTopics(config: Pick<Config, 'baseUrl'>): string[] {
  return [validUri(config.baseUrl + feedPaths.rss), validUri(config.baseUrl + feedPaths.json)]
}

/** The languages that get a feed of their own: only when the newsroom has more than one. */
export function feedLanguages(releases: readonly Pick<Release, 'language'>[]): string[] {
  const languages = [...new Set(releases.map((release) => release.language))].sort()
  return languages.length > 1 ? languages : []
}

/** The feeds a page links: the site-wide ones, plus the tag's feed on a tag page. */
export function feedLinks(config: Config, scope: {tag?: string; organization?: {slug: string; name: string}} = {}): FeedLink[] {
  const links: FeedLink[] = [
    {type: 'application/rss+xml', title: `${config.title} (RSS)`, href: config.baseUrl + feedPaths.rss},
    {type: 'application/feed+json', title: `${config.title} (JSON Feed)`, href: config.baseUrl + feedPaths.json}
  ]
  if (scope.tag !== undefined) {
    links.push({type: 'application/rss+xml', title: `${config.title}: ${scope.tag} (RSS)`, href: validUri(config.baseUrl + feedPaths.tag(scope.tag))})
  }
  if (scope.organization !== undefined) {
    links.push({type: 'application/rss+xml', title: `${config.title}: ${scope.organization.name} (RSS)`, href: validUri(config.baseUrl + feedPaths.organization(scope.organization.slug))})
  }
  return links
}
