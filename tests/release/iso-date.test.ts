import {afterEach, describe, expect, it, vi} from 'vitest'
import {zoneOffsetMinutes} from '../../src/release/iso-date.js'

/** The offset as Intl gives it for one instant, formatted afresh: what the memoized answer must equal. */
function offsetByIntl(timeZone: string, timestamp: number): number {
  const name = new Intl.DateTimeFormat('en-US', {timeZone, timeZoneName: 'longOffset'}).formatToParts(timestamp).find((part) => part.type === 'timeZoneName')?.value ?? ''
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0
}

const minute = 60_000

describe('zoneOffsetMinutes', () => {
  afterEach(() => void vi.restoreAllMocks())

  it('should give the offset Intl gives at every minute around changes of offset, half-hour and quarter-hour zones included', () => {
    const cases: Array<[string, string]> = [
      ['America/New_York', '2025-03-09T00:00:00Z'],
      ['America/New_York', '2025-11-02T00:00:00Z'],
      ['Europe/Berlin', '2025-03-30T00:00:00Z'],
      ['Australia/Lord_Howe', '2025-04-05T12:00:00Z'],
      ['Asia/Kathmandu', '2025-06-01T00:00:00Z'],
      ['Pacific/Chatham', '2025-09-27T12:00:00Z'],
      ['UTC', '2025-01-01T00:00:00Z']
    ]
    for (const [zone, from] of cases) {
      const start = Date.parse(from)
      // Two days from `from`, every seven minutes: the change falls inside, whatever minute the zone changes at.
      for (let at = start; at < start + 2 * 1440 * minute; at += 7 * minute) expect(zoneOffsetMinutes(zone, at), `${zone} at ${new Date(at).toISOString()}`).toBe(offsetByIntl(zone, at))
    }
  })

  it('should format a zone offset about twice per day asked, not once per instant', () => {
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts')
    const start = Date.parse('2031-01-05T00:00:00Z')
    // Three releases a day for a year, as a newsroom's archive has them, in a zone without a change of offset.
    const days = 365
    for (let day = 0; day < days; day++) {
      for (const hour of [8, 13, 17]) expect(zoneOffsetMinutes('Asia/Shanghai', start + day * 1440 * minute + hour * 60 * minute)).toBe(480)
    }
    expect(formatToParts.mock.calls.length).toBeLessThanOrEqual(2 * days)
    expect(formatToParts.mock.calls.length).toBeGreaterThan(0)
  })
})
