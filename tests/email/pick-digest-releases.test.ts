import {describe, expect, it} from 'vitest'
import {pickDigestReleases} from '../../src/email/pick-digest-releases.js'
import {makeRelease} from '../support/make-release.js'

describe('pickDigestReleases', () => {
  const at = (iso: string) => Date.parse(iso)
  const releases = [
    makeRelease({fileDate: '2025-09-10', slug: 'old'}),
    makeRelease({fileDate: '2025-09-12', slug: 'new'}),
    makeRelease({fileDate: '2025-09-13', slug: 'draft', draft: true}),
    // Dated before the last digest, but public only when its embargo lifted after it: new to subscribers.
    makeRelease({fileDate: '2025-09-09', slug: 'lifted', embargo: at('2025-09-12T06:00:00Z')}),
    makeRelease({fileDate: '2025-09-14', slug: 'still-embargoed', embargo: at('2025-09-30T00:00:00Z')})
  ]

  it('should take releases made public after the last digest and up to now, newest first, never drafts or embargoed ones', () => {
    const picked = pickDigestReleases(releases, at('2025-09-11T00:00:00Z'), at('2025-09-15T00:00:00Z'))
    expect(picked.map((release) => release.slug)).toEqual(['new', 'lifted'])
  })

  it('should take every published release the first time', () => {
    expect(pickDigestReleases(releases, undefined, at('2025-09-15T00:00:00Z')).map((release) => release.slug)).toEqual(['new', 'old', 'lifted'])
  })
})
