import type {Config} from '../config/config-schema.js'
import {feedPaths, type FeedLink} from '../links/feed-links.js'
import {archivePath} from './archive-pages.js'
import {searchPagePath} from '../links/search-paths.js'
import type {Page} from './paginate.js'
import {manifestPath, themeColor, type SiteIcon} from './site-icons.js'

export {basePathOf} from '../links/base-path.js'

/** Site-wide values every template sees as `site`; `icon` is the icon pages link (see `writeSiteIcons`). */
export function siteView(config: Config, basePath: string, icon: SiteIcon = siteIconOf(config, basePath)) {
  return {
    title: config.title,
    description: config.description,
    logo: config.logo === undefined ? '' : config.logo.startsWith('/') ? basePath + config.logo : config.logo,
    icon,
    manifest: basePath + manifestPath,
    themeColor,
    language: config.language,
    baseUrl: config.baseUrl,
    home: basePath + '/',
    tagsHref: basePath + '/tags/',
    archiveHref: basePath + archivePath,
    searchHref: basePath + searchPagePath,
    stylesheet: basePath + '/styles.css',
    rssHref: basePath + feedPaths.rss,
    jsonFeedHref: basePath + feedPaths.json,
    subscribeUrl: config.subscribeUrl ?? '',
    publisher: config.publisher?.name ?? config.title
  }
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

/**
 * The icon pages link, without reading the public folder: on a release page thread, which writes no icons. Its sizes are
 * not known there, and pages do not show them.
 */
export function siteIconOf(config: Config, basePath: string): SiteIcon {
  if (config.icon === undefined) return {href: basePath + '/icon.svg', type: 'image/svg+xml', sizes: 'any'}
  return {href: config.icon.startsWith('/') ? basePath + config.icon : config.icon, type: /\.svg$/i.test(config.icon) ? 'image/svg+xml' : 'image/png', sizes: 'any'}
}
