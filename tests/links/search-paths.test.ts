import {describe, expect, it} from 'vitest'
import {searchShards} from '../../src/links/search-paths.js'

/** A release as the shards read it: its language and its publication instant. */
const release = (id: string, language: string, date: string) => ({id, language, timestamp: Date.parse(date)})

describe('the shards of the search index', () => {
  it('should put each release in the shard of its index language and its quarter in the site\'s time zone, newest quarter first within a language', () => {
    const releases = [
      release('new-year-kiel', 'de-DE', '2026-01-01T00:30:00+01:00'),
      // New Year's Eve in New York, already New Year's Day in UTC and in Tokyo.
      release('eve-new-york', 'en', '2025-12-31T23:30:00-05:00'),
      release('summer', 'en-GB', '2025-06-10T09:00:00+02:00'),
      release('changzhou', 'zh-Hans', '2026-03-02T10:00:00+08:00')
    ]
    const shardsIn = (timeZone: string) => searchShards(releases, timeZone).map((shard) => `${shard.path} ${shard.releases.map((entry) => entry.id).join(',')}`)
    // Two quarters of one year are two shards: an edit or a new release in one leaves the other as it is.
    expect(shardsIn('America/New_York')).toEqual(['/pagefind/de/2025-q4/ new-year-kiel', '/pagefind/en/2025-q4/ eve-new-york', '/pagefind/en/2025-q2/ summer', '/pagefind/zh/2026-q1/ changzhou'])
    expect(shardsIn('Asia/Tokyo')).toEqual(['/pagefind/de/2026-q1/ new-year-kiel', '/pagefind/en/2026-q1/ eve-new-york', '/pagefind/en/2025-q2/ summer', '/pagefind/zh/2026-q1/ changzhou'])
  })

  it('should give the same list the same shards again, unless the list was changed in place since', () => {
    const releases = [release('kiel', 'de', '2026-01-02T10:00:00+01:00'), release('summer', 'en', '2025-06-10T09:00:00+02:00')]
    const first = searchShards(releases, 'Europe/Berlin')
    expect(searchShards(releases, 'Europe/Berlin')).toBe(first)
    // The build replaces a release of its list by a copy (with its translations, its card): that copy is sharded.
    releases[1] = release('autumn', 'en', '2025-10-10T09:00:00+02:00')
    const changed = searchShards(releases, 'Europe/Berlin')
    expect(changed.map((shard) => `${shard.path} ${shard.releases.map((entry) => entry.id).join(',')}`)).toEqual(['/pagefind/de/2026-q1/ kiel', '/pagefind/en/2025-q4/ autumn'])
    // Another time zone, other shards: not the ones made for Berlin.
    expect(searchShards(releases, 'Pacific/Kiritimati')).not.toBe(changed)
  })
})
