import {organizationGroups} from '../release/organization.js'
import type {Release} from '../release/release.js'
import type {TagGroup} from '../release/tag-groups.js'
import {tagPath} from './release-view.js'

/** A topic or organization the home page lists, with how many releases it has. */
export interface HomeLink {
  name: string
  href: string
  count: number
  logo?: string
}

/** What the first home page shows besides its entries: the featured release, the topics and the organizations. */
export interface HomeExtras<R> {
  featured?: R
  topics: HomeLink[]
  organizations: HomeLink[]
}

/** The release the home page features: the newest with `featured: true`, else the newest. */
export function featuredRelease<R extends Pick<Release, 'featured'>>(published: readonly R[]): R | undefined {
  return published.find((release) => release.featured === true) ?? published[0]
}

/** The first home page's extras, from the published releases (newest first) and their tag groups. */
export function homeExtras(published: readonly Release[], groups: ReadonlyArray<TagGroup<Release>>, basePath: string): HomeExtras<Release> {
  const featured = featuredRelease(published)
  // The topics with the most releases first: a newsroom's long tail of one-off tags would bury its main subjects.
  const topics = [...groups].sort((a, b) => b.releases.length - a.releases.length || (a.slug < b.slug ? -1 : 1)).map((group) => ({name: group.name, href: basePath + tagPath(group.name), count: group.releases.length}))
  const organizations = organizationGroups(published).map(({organization, releases}) => ({
    name: organization.name,
    href: `${basePath}/organizations/${organization.slug}/`,
    count: releases.length,
    ...(organization.logo === undefined ? {} : {logo: organization.logo})
  }))
  return {...(featured ? {featured} : {}), topics, organizations}
}

/**
 * The extras as plan data: the first home page is written again when the featured release (which need not be one of
 * its entries), a topic or an organization it lists changes.
 */
export function homeExtrasShows(extras: HomeExtras<Release>): string[] {
  const {featured} = extras
  const shown = featured && [featured.id, featured.title, featured.subtitle, featured.summary, featured.date, featured.displayDate, featured.dateline, featured.language, featured.media, featured.organizations.map((organization) => organization.name)]
  return [JSON.stringify(shown ?? null), JSON.stringify(extras.topics), JSON.stringify(extras.organizations)]
}
