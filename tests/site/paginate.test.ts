import {describe, expect, it} from 'vitest'
import {paginate, type Page} from '../../src/site/paginate.js'

/** Numbers newest first, as listings hand them: `count` down to 1. */
const listing = (count: number) => Array.from({length: count}, (_, index) => count - index)

describe('paginate', () => {
  it('should give the first page the newest entries and number the other pages from the oldest', () => {
    const pages = paginate(listing(5), 2, '/tags/energy/')
    expect(pages.map((page) => [page.path, page.number, page.items, page.previousPath, page.nextPath])).toEqual([
      ['/tags/energy/', undefined, [5, 4], undefined, '/tags/energy/page/2/'],
      ['/tags/energy/page/3/', 3, [5], '/tags/energy/', '/tags/energy/page/2/'],
      ['/tags/energy/page/2/', 2, [4, 3], '/tags/energy/page/3/', '/tags/energy/page/1/'],
      ['/tags/energy/page/1/', 1, [2, 1], '/tags/energy/page/2/', undefined]
    ])
  })

  it('should give a listing that fits on one page no numbered pages, and an empty one an empty first page', () => {
    expect(paginate([3, 2, 1], 3, '/')).toEqual([{items: [3, 2, 1], path: '/'}])
    expect(paginate([], 10, '/')).toEqual([{items: [], path: '/'}])
  })

  it('should change only the first and the newest numbered pages when a new entry comes, and one more when a page fills up', () => {
    const byPath = (pages: Array<Page<number>>) => new Map(pages.map((page) => [page.path, JSON.stringify(page)]))
    for (let count = 4; count < 60; count++) {
      const before = byPath(paginate(listing(count), 4, '/'))
      const after = byPath(paginate(listing(count + 1), 4, '/'))
      const changed = [...after].filter(([path, page]) => before.get(path) !== page).map(([path]) => path)
      const newest = Math.ceil((count + 1) / 4)
      // A full newest page becomes the second newest: its "newer" link now goes to the new page, not the first page.
      const expected = count === 4 ? ['/', '/page/2/', '/page/1/'] : count % 4 === 0 ? ['/', `/page/${newest}/`, `/page/${newest - 1}/`] : ['/', `/page/${newest}/`]
      expect(changed, `${count} entries and one more`).toEqual(expected)
      expect([...before.keys()].filter((path) => !after.has(path))).toEqual([])
    }
  })

  it('should reach every entry once in order by following the older links from the first page', () => {
    for (let count = 0; count < 50; count++) {
      for (const size of [1, 3, 10]) {
        const pages = new Map(paginate(listing(count), size, '/').map((page) => [page.path, page]))
        const seen: number[] = []
        let page = pages.get('/')
        for (let step = 0; page && step <= count; step++) {
          seen.push(...page.items.filter((item) => seen.length === 0 || item < seen[seen.length - 1]!))
          page = page.nextPath === undefined ? undefined : pages.get(page.nextPath)
        }
        expect(seen, `${count} entries by ${size}`).toEqual(listing(count))
        // Every "newer" link leads to a page that exists, and every numbered page holds at most a page's worth.
        for (const each of pages.values()) {
          if (each.previousPath !== undefined) expect(pages.has(each.previousPath)).toBe(true)
          expect(each.items.length).toBeLessThanOrEqual(size)
        }
      }
    }
  })
})
