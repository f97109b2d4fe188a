import {describe, expect, it} from 'vitest'
import {pickDigestReleases} from '../../src/email/pick-digest-releases.js'
import {makeRelease} from '../support/make-release.js'

describe('pickDigestReleases', () => {
  const at = (iso: string) => Date.parse(iso)
  const releases = [
    makeRelease({fileDate: '2025-09-10', slug: 'old'}),
    makeRelease({fileDate: '2025-09-12', slug: 'new'}),
    makeRelease({fileDate: '2025-09-13', slug: 'draft', draft: true}),
    // Dated long before the last digest, but first published after it: new to subscribers.
    makeRelease({fileDate: '2025-08-01', slug: 'back-dated'}),
    makeRelease({fileDate: '2025-09-14', slug: 'still-embargoed', embargo: at('2025-09-30T00:00:00Z')}),
    // Public by its date, but recorded by no build: in no digest.
    makeRelease({fileDate: '2025-09-12', slug: 'unrecorded'})
  ]
  const ledger = new Map([
    ['2025-09-10-old', at('2025-09-10T09:00:00Z')],
    ['2025-09-12-new', at('2025-09-12T09:00:00Z')],
    ['2025-09-13-draft', at('2025-09-13T09:00:00Z')],
    ['2025-08-01-back-dated', at('2025-09-12T10:00:00Z')],
    ['2025-09-14-still-embargoed', at('2025-09-14T09:00:00Z')]
  ])

  it('should take releases first published after the last digest and up to now, by the ledger and not by their date, never drafts or embargoed ones', () => {
    const picked = pickDigestReleases(releases, ledger, at('2025-09-11T00:00:00Z'), at('2025-09-15T00:00:00Z'))
    expect(picked.map((release) => release.slug)).toEqual(['new', 'back-dated'])
  })

  it('should leave out a release first published after now', () => {
    const picked = pickDigestReleases(releases, ledger, at('2025-09-11T00:00:00Z'), at('2025-09-12T09:30:00Z'))
    expect(picked.map((release) => release.slug)).toEqual(['new'])
  })
})
