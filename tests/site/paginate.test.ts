import {describe, expect, it} from 'vitest'
import {paginate} from '../../src/site/paginate.js'

describe('paginate', () => {
  it('should put the first page at the listing path and later ones under page/N/', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, '/tags/energy/')
    expect(pages.map((page) => [page.path, page.items, page.previousPath, page.nextPath])).toEqual([
      ['/tags/energy/', [1, 2], undefined, '/tags/energy/page/2/'],
      ['/tags/energy/page/2/', [3, 4], '/tags/energy/', '/tags/energy/page/3/'],
      ['/tags/energy/page/3/', [5], '/tags/energy/page/2/', undefined]
    ])
  })

  it('should give an empty listing one empty page', () => {
    expect(paginate([], 10, '/')).toEqual([{number: 1, count: 1, items: [], path: '/'}])
  })
})
