import {describe, expect, it} from 'vitest'
import {sharedItems} from '../../src/feeds/shared-items.js'

describe('sharedItems', () => {
  it('should make each item once however many feeds list it, and forget it after the last of them', () => {
    const made: string[] = []
    const feeds = [['a', 'b', 'c'], ['b', 'c'], ['c', 'd']]
    const itemOf = sharedItems(feeds, (key: string, feedUrl: string) => {
      made.push(key)
      return {key, feedUrl}
    })
    const written = feeds.map((feed, index) => feed.map((key) => itemOf(key, `feed-${index}`)))
    expect(made).toEqual(['a', 'b', 'c', 'd'])
    // The same item, made for the first feed that listed it, is written in each of the others.
    expect(written[2]?.[0]).toBe(written[0]?.[2])
    // Nothing is held once every feed was written: asked again, an item is made again.
    itemOf('c', 'feed-x')
    expect(made).toEqual(['a', 'b', 'c', 'd', 'c'])
  })
})
