import {describe, expect, it} from 'vitest'
import {recogniseDateline} from '../../src/import/recognise-dateline.js'

describe('recogniseDateline', () => {
  it("should read each wire's dateline with the month as each desk writes it", () => {
    expect(recogniseDateline('SAN JOSE, Calif., September 4, 2026 /PRNewswire-Asia/ -- Acme today said')).toEqual({distributor: 'PRNewswire-Asia', place: 'SAN JOSE, Calif.', date: '2026-09-04', before: '', lede: 'Acme today said'})
    expect(recogniseDateline('NEW YORK, N.Y.—(BUSINESS WIRE)—Feb 28, 2026—Acme today said')).toMatchObject({distributor: 'BUSINESS WIRE', place: 'NEW YORK, N.Y.', date: '2026-02-28', lede: 'Acme today said'})
    expect(recogniseDateline('TORONTO, Jan. 9, 2026 (GLOBE NEWSWIRE) -- Acme today said')).toMatchObject({place: 'TORONTO', date: '2026-01-09'})
  })

  it('should take no impossible date and no dateline quoted inside a sentence', () => {
    expect(recogniseDateline('KIEL, Germany, Feb. 30, 2026 (GLOBE NEWSWIRE) -- Acme')).toBeUndefined()
    expect(recogniseDateline('Every release opens with a dateline (`KIEL, Germany, Feb. 3, 2026 (GLOBE NEWSWIRE) -- Acme')).toBeUndefined()
  })
})
