import {organizationGroups, type ReleaseOrganization} from '../release/organization.js'
import {paginate, type Page} from './paginate.js'
import {organizationPath} from './release-view.js'

/** One page of an organization's listing: the organization as its newest release shows it, and a page of its releases. */
export interface OrganizationPage<T> {
  organization: ReleaseOrganization
  page: Page<T>
}

/**
 * Every organization's pages, paginated as the index and the tags are (see {@link paginate}): a new release of one
 * organization changes that organization's first page and its newest numbered page, no page of another.
 */
export function organizationPages<T extends {organizations: readonly ReleaseOrganization[]}>(releases: readonly T[], pageSize: number): Array<OrganizationPage<T>> {
  return organizationGroups(releases).flatMap(({organization, releases: ofOrganization}) =>
    paginate(ofOrganization, pageSize, organizationPath(organization.slug)).map((page) => ({organization, page}))
  )
}

/**
 * What an organization page shows besides its entries: the organization's card (name, website, logo, tickers, media
 * contacts), which every page of it shows, and its place among its pages. No count of its releases: a new one would
 * then rewrite every page of it.
 */
export function organizationPageParts<T>({organization, page}: OrganizationPage<T>): string[] {
  const {slug, name, url, logo, tickers, contacts} = organization
  const card = JSON.stringify([slug, name, url ?? '', logo ?? '', tickers, contacts ?? []])
  return [page.path, 'organization', card, String(page.number ?? 'first'), page.previousPath ?? '', page.nextPath ?? '']
}
