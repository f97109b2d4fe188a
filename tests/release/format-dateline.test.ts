import {describe, expect, it} from 'vitest'
import {formatDateline} from '../../src/release/format-dateline.js'

describe('the wire dateline in the release\'s language', () => {
  it('should join place and date with the Arabic comma in an Arabic release, and keep the distributor\'s name as it is', () => {
    expect(formatDateline('دبي، الإمارات العربية المتحدة', '2026-03-04', 'GLOBE NEWSWIRE', 'ar')).toEqual({
      text: 'دبي، الإمارات العربية المتحدة، 4 مارس 2026 (GLOBE NEWSWIRE) --',
      displayDate: '4 مارس 2026'
    })
    expect(formatDateline('بيروت، لبنان', '2026-03-04', 'GLOBE NEWSWIRE', 'ar-LB').text).toBe('بيروت، لبنان، 4 آذار 2026 (GLOBE NEWSWIRE) --')
    expect(formatDateline('الرياض', '2026-03-04', '', 'ar-SA').text).toBe('الرياض، 4 مارس 2026 --')
  })

  it('should trim the author\'s place and add no second comma of either script', () => {
    expect(formatDateline('  أبوظبي، الإمارات ', '2026-03-04', ' GLOBE NEWSWIRE ', 'ar').text).toBe('أبوظبي، الإمارات، 4 مارس 2026 (GLOBE NEWSWIRE) --')
  })

  it('should keep the Latin comma in languages of other scripts, right-to-left ones included', () => {
    expect(formatDateline('DUBAI, United Arab Emirates', '2026-03-04', 'GLOBE NEWSWIRE').text).toBe('DUBAI, United Arab Emirates, March 4, 2026 (GLOBE NEWSWIRE) --')
    expect(formatDateline('BERLIN', '2026-03-04', 'GLOBE NEWSWIRE', 'de').text).toBe('BERLIN, 4. März 2026 (GLOBE NEWSWIRE) --')
    expect(formatDateline('תל אביב', '2026-03-04', '', 'he').text).toMatch(/^תל אביב, /)
  })
})
