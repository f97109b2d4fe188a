import type {ListingReads} from '../plan/output-plan.js'
import type {TagGroup} from '../release/tag-groups.js'
import {paginate, type Page} from './paginate.js'
import {tagPath} from './release-view.js'

/** One page of a listing: the paginated index, or a page of a tag. */
export type ListingPage<T> = {kind: 'index'; page: Page<T>} | {kind: 'tag'; tag: TagGroup<T>; page: Page<T>}

/**
 * Every listing page of the site, in the order they are written: the index pages, then each tag's pages. The site
 * writer renders them; the build cache keys them by what they show, so a rebuild renders only those that changed.
 */
export function listingPages<T>(items: readonly T[], tags: ReadonlyArray<TagGroup<T>>, pageSize: number): ListingPage<T>[] {
  const pages: ListingPage<T>[] = paginate(items, pageSize, '/').map((page) => ({kind: 'index', page}))
  for (const tag of tags) {
    for (const page of paginate(tag.releases, pageSize, tagPath(tag.name))) pages.push({kind: 'tag', tag, page})
  }
  return pages
}

/**
 * What a listing page shows besides its entries: enough, with them, to tell when it must change. A tag's size shows on
 * its first page, and on the numbered ones only when the tag template reads `tag.releases` (`reads.tagSize`): a new
 * release of the tag would otherwise rewrite every page of it.
 */
export function listingPageParts<T>(listing: ListingPage<T>, reads?: Pick<ListingReads, 'tagSize'>): string[] {
  const {page} = listing
  const sized = listing.kind === 'tag' && (page.number === undefined || reads?.tagSize !== false)
  const head = listing.kind === 'tag' ? ['tag', listing.tag.name, ...(sized ? [String(listing.tag.releases.length)] : [])] : ['index']
  return [page.path, ...head, String(page.number ?? 'first'), page.previousPath ?? '', page.nextPath ?? '']
}
