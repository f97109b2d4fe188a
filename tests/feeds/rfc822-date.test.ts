import {describe, expect, it} from 'vitest'
import {isFormattableDate, rfc822Date} from '../../src/feeds/rfc822-date.js'
import {PressroomError} from '../../src/report/pressroom-error.js'

describe('rfc822Date', () => {
  it('should write a +08:00 release just after midnight on its own Monday, not on the UTC Sunday', () => {
    const timestamp = Date.parse('2025-09-15T00:30:00+08:00')
    expect(new Date(timestamp).toUTCString()).toBe('Sun, 14 Sep 2025 16:30:00 GMT')
    expect(rfc822Date(timestamp, 480)).toBe('Mon, 15 Sep 2025 00:30:00 +0800')
  })

  it('should write a -05:00 release late in the evening on its own Sunday, not on the UTC Monday', () => {
    const timestamp = Date.parse('2025-09-14T22:00:00-05:00')
    expect(new Date(timestamp).toUTCString()).toBe('Mon, 15 Sep 2025 03:00:00 GMT')
    expect(rfc822Date(timestamp, -300)).toBe('Sun, 14 Sep 2025 22:00:00 -0500')
  })

  it('should write offsets with minutes and UTC as +0000', () => {
    expect(rfc822Date(Date.parse('2025-01-01T12:00:00+05:30'), 330)).toBe('Wed, 01 Jan 2025 12:00:00 +0530')
    expect(rfc822Date(Date.parse('2025-03-02T03:04:05Z'), 0)).toBe('Sun, 02 Mar 2025 03:04:05 +0000')
    expect(rfc822Date(Date.parse('2025-03-02T03:04:05-09:30'), -570)).toBe('Sun, 02 Mar 2025 03:04:05 -0930')
  })

  it('should refuse an invalid date with a PressroomError instead of printing Invalid Date', () => {
    expect(isFormattableDate(Number.NaN, 0)).toBe(false)
    expect(isFormattableDate(Date.parse('2025-09-15T08:00:00Z'), 24 * 60)).toBe(false)
    expect(isFormattableDate(Date.parse('2025-09-15T08:00:00Z'), 1.5)).toBe(false)
    expect(() => rfc822Date(Number.NaN, 0)).toThrow(PressroomError)
    expect(() => rfc822Date(Date.parse('+010000-01-01T00:00:00Z'), 0)).toThrow(/Could not format the date/)
  })
})
