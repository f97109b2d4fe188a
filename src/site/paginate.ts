/** One page of a paginated listing. Paths are site-relative and end in `/`. */
export interface Page<T> {
  /** 1-based. */
  number: number
  count: number
  items: T[]
  path: string
  previousPath?: string
  nextPath?: string
}

/**
 * Split a listing into pages: the first at `firstPath`, the rest at `firstPath + 'page/N/'`.
 * An empty listing still has one (empty) page, so the index always exists.
 */
export function paginate<T>(items: readonly T[], pageSize: number, firstPath: string): Page<T>[] {
  const count = Math.max(1, Math.ceil(items.length / pageSize))
  const pathOf = (number: number) => (number === 1 ? firstPath : `${firstPath}page/${number}/`)
  return Array.from({length: count}, (_, index) => {
    const number = index + 1
    const page: Page<T> = {number, count, items: items.slice(index * pageSize, number * pageSize), path: pathOf(number)}
    if (number > 1) page.previousPath = pathOf(number - 1)
    if (number < count) page.nextPath = pathOf(number + 1)
    return page
  })
}
