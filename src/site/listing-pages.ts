import {tagSlug} from '../release/tag-slug.js'
import {paginate, type Page} from './paginate.js'

/** A tag with the releases that carry it (newest first); tags that differ only in case or punctuation share one. */
export interface TagGroup<T> {
  /** As its newest release spells it. */
  name: string
  slug: string
  releases: T[]
}

/** One page of a listing: the paginated index, or a page of a tag. */
export type ListingPage<T> = {kind: 'index'; page: Page<T>} | {kind: 'tag'; tag: TagGroup<T>; page: Page<T>}

/** Tags by slug, sorted by slug; `tagsOf` gives an item's tag names. */
export function tagGroups<T>(items: readonly T[], tagsOf: (item: T) => readonly string[]): TagGroup<T>[] {
  const groups = new Map<string, TagGroup<T>>()
  for (const item of items) {
    for (const name of new Set(tagsOf(item))) {
      const slug = tagSlug(name)
      const group = groups.get(slug) ?? {name, slug, releases: []}
      // Two spellings of one slug on one release still list it once.
      if (group.releases[group.releases.length - 1] !== item) group.releases.push(item)
      groups.set(slug, group)
    }
  }
  return [...groups.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
}

/**
 * Every listing page of the site, in the order they are written: the index pages, then each tag's pages. The site
 * writer renders them; the build cache keys them by what they show, so a rebuild renders only those that changed.
 */
export function listingPages<T>(items: readonly T[], tags: ReadonlyArray<TagGroup<T>>, pageSize: number): ListingPage<T>[] {
  const pages: ListingPage<T>[] = paginate(items, pageSize, '/').map((page) => ({kind: 'index', page}))
  for (const tag of tags) {
    for (const page of paginate(tag.releases, pageSize, `/tags/${tag.slug}/`)) pages.push({kind: 'tag', tag, page})
  }
  return pages
}

/** What a listing page shows besides its entries (each keyed by the caller): enough to tell when it must change. */
export function listingPageParts<T>(listing: ListingPage<T>, keyOf: (item: T) => string): string[] {
  const {page} = listing
  const head = listing.kind === 'tag' ? ['tag', listing.tag.name, String(listing.tag.releases.length)] : ['index']
  return [page.path, ...head, String(page.number), String(page.count), ...page.items.map(keyOf)]
}
