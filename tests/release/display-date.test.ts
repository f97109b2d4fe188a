import {describe, expect, it} from 'vitest'
import {formatDisplayDate, formatDisplayDateInOffset, formatDisplayDateInZone} from '../../src/release/display-date.js'

describe('display dates', () => {
  it('should write an Arabic date with the Arabic month name, Latin digits and the Gregorian calendar, as Arabic wire releases do', () => {
    expect(formatDisplayDate('ar', 2025, 9, 15)).toBe('15 سبتمبر 2025')
    // Regions whose ICU default is Arabic-Indic digits (Saudi Arabia, Egypt) read the same; the Levant keeps its month names.
    expect(formatDisplayDate('ar-SA', 2026, 3, 4)).toBe('4 مارس 2026')
    expect(formatDisplayDate('ar-EG', 2026, 3, 4)).toBe('4 مارس 2026')
    expect(formatDisplayDate('ar-SY', 2026, 3, 4)).toBe('4 آذار 2026')
    expect(formatDisplayDateInZone(Date.parse('2026-03-03T21:00:00Z'), 'Asia/Dubai', 'ar')).toBe('4 مارس 2026')
    expect(formatDisplayDateInOffset(Date.parse('2026-03-03T21:00:00Z'), 240, 'ar-AE')).toBe('4 مارس 2026')
  })

  it('should keep the digits and calendar an Arabic tag names', () => {
    expect(formatDisplayDate('ar-EG-u-nu-arab', 2026, 3, 4)).toBe('٤ مارس ٢٠٢٦')
    expect(formatDisplayDate('ar-SA-u-ca-islamic-umalqura', 2026, 3, 4)).toMatch(/^15 رمضان 1447/)
  })

  it('should leave the digits of other languages to their locale', () => {
    expect(formatDisplayDate('fa', 2026, 3, 4)).toMatch(/[۰-۹]/)
    expect(formatDisplayDate('zh-Hans', 2025, 9, 15)).toBe('2025年9月15日')
  })
})
