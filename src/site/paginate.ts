/**
 * One page of a paginated listing. Paths are site-relative and end in `/`. The first page holds the newest entries; the
 * numbered pages count up from the oldest, so each keeps its entries when newer ones come.
 */
export interface Page<T> {
  /** Absent on the first page; 1 on the page of the oldest entries, counting up to the newest. */
  number?: number
  /** Newest first. */
  items: T[]
  path: string
  /** The page of newer entries: the next numbered page, or the first page from the newest numbered one. */
  previousPath?: string
  /** The page of older entries. */
  nextPath?: string
}

/**
 * Split a listing (newest first) into its first page at `firstPath`, with the newest `pageSize` entries, and numbered
 * pages at `firstPath + 'page/N/'`, page 1 holding the oldest `pageSize` and each next one the `pageSize` after them. A
 * new entry changes the first page and the newest numbered page only (or starts the next number when that one is full),
 * where numbering from the newest moved every entry of every page. The newest numbered page is a part of the first page;
 * "older" from the first page goes to the page after its oldest entry, so following it reaches every entry. A listing
 * that fits on one page has no numbered pages; an empty one still has its (empty) first page.
 */
export function paginate<T>(items: readonly T[], pageSize: number, firstPath: string): Page<T>[] {
  const total = items.length
  const first: Page<T> = {items: items.slice(0, pageSize), path: firstPath}
  if (total <= pageSize) return [first]
  const count = Math.ceil(total / pageSize)
  const pathOf = (number: number) => `${firstPath}page/${number}/`
  // The page holding the newest entry older than the first page's entries (counted from the oldest, from 0).
  first.nextPath = pathOf(Math.floor((total - pageSize - 1) / pageSize) + 1)
  const pages = [first]
  for (let number = count; number >= 1; number--) {
    const page: Page<T> = {number, items: items.slice(Math.max(0, total - number * pageSize), total - (number - 1) * pageSize), path: pathOf(number), previousPath: number < count ? pathOf(number + 1) : firstPath}
    if (number > 1) page.nextPath = pathOf(number - 1)
    pages.push(page)
  }
  return pages
}
