import type {Config} from '../config/config-schema.js'
import {feedPaths, type FeedLink} from '../links/feed-links.js'
import {searchPagePath} from '../links/search-paths.js'
import type {Page} from './paginate.js'

/** Site-wide values every template sees as `site`. */
export function siteView(config: Config, basePath: string) {
  return {
    title: config.title,
    description: config.description,
    language: config.language,
    baseUrl: config.baseUrl,
    home: basePath + '/',
    tagsHref: basePath + '/tags/',
    searchHref: basePath + searchPagePath,
    stylesheet: basePath + '/styles.css',
    rssHref: config.baseUrl + feedPaths.rss,
    jsonFeedHref: config.baseUrl + feedPaths.json,
    subscribeUrl: config.subscribeUrl ?? '',
    publisher: config.publisher?.name ?? config.title
  }
}

/** The path part of `baseUrl` without a trailing slash (`''` at a domain's root): what site links start with. */
export function basePathOf(config: Config): string {
  return new URL(config.baseUrl).pathname.replace(/\/+$/, '')
}

/** The `<head>` facts of a page: title, description, canonical, feeds, and rel prev/next on listings. */
export function pageHead(config: Config, title: string, feeds: FeedLink[], page?: Pick<Page<unknown>, 'path' | 'previousPath' | 'nextPath'>) {
  return {
    title,
    description: config.description,
    canonical: page ? config.baseUrl + page.path : '',
    feeds,
    prevUrl: page?.previousPath ? config.baseUrl + page.previousPath : '',
    nextUrl: page?.nextPath ? config.baseUrl + page.nextPath : '',
    noindex: false
  }
}
