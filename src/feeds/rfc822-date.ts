import {PressroomError} from '../report/pressroom-error.js'

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
// RFC 822 zones are +HHMM, so anything beyond 23:59 either way cannot be written.
const maxOffsetMinutes = 23 * 60 + 59

/** Whether `rfc822Date` can format this instant and offset; lets callers refuse bad input before writing anything. */
export function isFormattableDate(timestamp: number, offsetMinutes: number): boolean {
  return (
    Number.isFinite(timestamp) &&
    Number.isInteger(offsetMinutes) &&
    Math.abs(offsetMinutes) <= maxOffsetMinutes &&
    isFourDigitYear(new Date(timestamp + offsetMinutes * 60_000).getUTCFullYear())
  )
}

/**
 * Format an instant as RFC 822 in the given offset, e.g. `Mon, 15 Sep 2025 08:00:00 +0800`.
 * `Date#toUTCString` would give the UTC weekday and day, which differ from the release's own near midnight.
 */
export function rfc822Date(timestamp: number, offsetMinutes: number): string {
  if (!isFormattableDate(timestamp, offsetMinutes)) {
    throw new PressroomError('BUILD_FAILED', `Could not format the date ${String(timestamp)} with offset ${String(offsetMinutes)} minutes for a feed`, {
      hint: 'Every release date must be a valid ISO 8601 instant with an offset between -23:59 and +23:59'
    })
  }
  // Shift the instant by the offset, then read it as UTC: the UTC fields are the wall clock in that offset.
  const local = new Date(timestamp + offsetMinutes * 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const zone = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}${pad(Math.abs(offsetMinutes) % 60)}`
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  return `${weekdays[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ${time} ${zone}`
}

// NaN (an invalid Date) fails this too.
function isFourDigitYear(year: number): boolean {
  return year >= 1000 && year <= 9999
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}
