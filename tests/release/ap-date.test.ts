import {describe, expect, it} from 'vitest'
import {formatApDate, formatApDateInZone} from '../../src/release/ap-date.js'
import {formatDateline} from '../../src/release/format-dateline.js'
import {parseInstantArgument, parseOffsetDate, startOfDayInZone} from '../../src/release/iso-date.js'

describe('AP-style dates', () => {
  it.each([
    [1, 'Jan. 5, 2026'], [2, 'Feb. 5, 2026'], [3, 'March 5, 2026'], [4, 'April 5, 2026'],
    [5, 'May 5, 2026'], [6, 'June 5, 2026'], [7, 'July 5, 2026'], [8, 'Aug. 5, 2026'],
    [9, 'Sept. 5, 2026'], [10, 'Oct. 5, 2026'], [11, 'Nov. 5, 2026'], [12, 'Dec. 5, 2026']
  ])('should write month %i as AP style does', (month, expected) => {
    expect(formatApDate(2026, month, 5)).toBe(expected)
  })

  it('should never zero-pad the day', () => {
    expect(formatDateline('CHANGZHOU, China', '2025-09-05', 'GLOBE NEWSWIRE').text).toBe('CHANGZHOU, China, Sept. 5, 2025 (GLOBE NEWSWIRE) --')
  })

  it('should leave out the parenthetical when there is no distributor', () => {
    expect(formatDateline('SAN FRANCISCO, Calif.', '2025-03-01', '').text).toBe('SAN FRANCISCO, Calif., March 1, 2025 --')
  })

  it('should date a release in its own offset, not in UTC', () => {
    const date = parseOffsetDate('2025-09-15T08:00+08:00')
    expect(date?.localDate).toBe('2025-09-15')
    expect(new Date(date?.timestamp ?? 0).toISOString()).toBe('2025-09-15T00:00:00.000Z')
    expect(parseOffsetDate('2025-09-15T00:30:00+08:00')?.localDate).toBe('2025-09-15')
  })

  it('should keep the fraction of a second, rounding digits past the millisecond up, so an embargo never lifts early', () => {
    expect(parseOffsetDate('2025-09-15T08:00:03.640Z')?.timestamp).toBe(Date.parse('2025-09-15T08:00:03.640Z'))
    expect(parseOffsetDate('2025-09-15T08:00:03.3+02:00')?.timestamp).toBe(Date.parse('2025-09-15T06:00:03.300Z'))
    expect(parseOffsetDate('2025-09-15T08:00:03.0001Z')?.timestamp).toBe(Date.parse('2025-09-15T08:00:03.001Z'))
    expect(parseOffsetDate('2025-09-15T08:00:03.640Z')?.iso).toBe('2025-09-15T08:00:03+00:00')
  })

  it('should refuse impossible and offset-less date-times', () => {
    expect(parseOffsetDate('2026-02-30T10:00:00Z')).toBeUndefined()
    expect(parseOffsetDate('2025-09-15T24:00:00Z')).toBeUndefined()
    expect(parseOffsetDate('2025-09-15T10:00:00')).toBeUndefined()
    expect(parseOffsetDate('2024-02-29T10:00:00Z')?.localDate).toBe('2024-02-29')
  })

  it('should start a default date at midnight in the site time zone, across daylight saving time', () => {
    expect(startOfDayInZone('2025-07-01', 'America/New_York').iso).toBe('2025-07-01T00:00:00-04:00')
    expect(startOfDayInZone('2025-12-01', 'America/New_York').iso).toBe('2025-12-01T00:00:00-05:00')
    expect(startOfDayInZone('2025-09-15', 'Asia/Shanghai').iso).toBe('2025-09-15T00:00:00+08:00')
  })

  it('should give the AP date of an instant in a time zone', () => {
    expect(formatApDateInZone(Date.parse('2025-09-15T02:00:00Z'), 'America/Los_Angeles')).toBe('Sept. 14, 2025')
  })

  it('should read command-line instants, a bare date as its UTC midnight, and refuse others naming the flag', () => {
    expect(parseInstantArgument('2025-09-15T08:00:00+08:00', '--now')).toBe(Date.parse('2025-09-15T00:00:00Z'))
    expect(parseInstantArgument('2025-09-15', '--since')).toBe(Date.parse('2025-09-15T00:00:00Z'))
    expect(() => parseInstantArgument('yesterday', '--since')).toThrow('Could not read --since `yesterday` as a date-time')
  })
})
