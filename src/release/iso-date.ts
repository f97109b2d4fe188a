import {PressroomError} from '../report/pressroom-error.js'

/** An ISO 8601 instant as written, with its own offset kept (wire datelines use the local date). */
export interface OffsetDate {
  /** Normalized: `YYYY-MM-DDTHH:MM:SS+HH:MM`. */
  iso: string
  timestamp: number
  offsetMinutes: number
  /** The local calendar date in its own offset, `YYYY-MM-DD`. */
  localDate: string
}

const pattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/

/** Whether `YYYY-MM-DD` parts name a real calendar day (no 2026-02-30). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')

/** Format an offset in minutes as `+HH:MM`. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+'
  return `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
}

/** Parse an ISO 8601 date-time that carries an offset; undefined when it is not one or names an impossible time. */
export function parseOffsetDate(value: string): OffsetDate | undefined {
  const match = pattern.exec(value.trim())
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  const zone = match[8] as string
  // The fraction counts: an embargo of 08:00:00.600 taken as 08:00:00 let a scheduler publish 600 ms early. Digits
  // past the millisecond round up, so the instant is never before the one written.
  const fraction = match[7] ?? ''
  const milliseconds = Number(fraction.slice(0, 3).padEnd(3, '0')) + (/[1-9]/.test(fraction.slice(3)) ? 1 : 0)
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const digits = zone.replace(':', '')
    const hours = Number(digits.slice(1, 3))
    const minutes = Number(digits.slice(3, 5))
    if (hours > 14 || minutes > 59) return undefined
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
  }
  const timestamp = Date.UTC(year, month - 1, day, hour, minute, second) + milliseconds - offsetMinutes * 60_000
  const localDate = `${year}-${pad(month)}-${pad(day)}`
  return {iso: `${localDate}T${pad(hour)}:${pad(minute)}:${pad(second)}${formatOffset(offsetMinutes)}`, timestamp, offsetMinutes, localDate}
}

// Making a DateTimeFormat costs about a millisecond, more than rendering a short release: make one per zone.
const offsetFormats = new Map<string, Intl.DateTimeFormat>()

/** The offset of `timeZone` at an instant, in minutes, as Intl formats it: the one source of truth the memo below keeps. */
function formattedOffset(timeZone: string, timestamp: number): number {
  let format = offsetFormats.get(timeZone)
  if (!format) offsetFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', {timeZone, timeZoneName: 'longOffset'})))
  const name = format
    .formatToParts(timestamp)
    .find((part) => part.type === 'timeZoneName')?.value
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '')
  if (!match) return 0
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
}

const dayMs = 86_400_000
/** Past this many days of one zone, offsets are formatted each time, so memory stays bounded. */
const knownDaysLimit = 100_000
/** By zone, then by UTC day: the zone's offset all day long, or `null` for a day its offset changes in. */
const dayOffsets = new Map<string, Map<number, number | null>>()

/**
 * The offset of an IANA time zone at an instant, in minutes. A build asks it for every release (its archive month, its
 * search shard), and formatting is slow: a UTC day whose first and last millisecond have the same offset has it all
 * day (no zone changes its offset twice in a day), so it is formatted once per day and zone; a day with a change is
 * formatted at each instant asked.
 */
export function zoneOffsetMinutes(timeZone: string, timestamp: number): number {
  let days = dayOffsets.get(timeZone)
  if (days === undefined) dayOffsets.set(timeZone, (days = new Map()))
  const day = Math.floor(timestamp / dayMs)
  let offset = days.get(day)
  if (offset === undefined) {
    const first = formattedOffset(timeZone, day * dayMs)
    offset = first === formattedOffset(timeZone, day * dayMs + dayMs - 1) ? first : null
    if (days.size < knownDaysLimit) days.set(day, offset)
  }
  return offset ?? formattedOffset(timeZone, timestamp)
}

/** Midnight starting a calendar day in an IANA time zone, with that zone's offset. */
export function startOfDayInZone(date: string, timeZone: string): OffsetDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(year, month - 1, day)
  // The offset at midnight can differ from the offset a few hours later (DST), so ask twice.
  let offset = zoneOffsetMinutes(timeZone, wall)
  offset = zoneOffsetMinutes(timeZone, wall - offset * 60_000)
  return parseOffsetDate(`${date}T00:00:00${formatOffset(offset)}`) as OffsetDate
}

/** Format an instant in a given offset as ISO 8601, e.g. for JSON Feed or sitemaps. */
export function formatInOffset(timestamp: number, offsetMinutes: number): string {
  const local = new Date(timestamp + offsetMinutes * 60_000)
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${formatOffset(offsetMinutes)}`
}

/** Read a command-line instant (`--now`, `--since`): ISO 8601 with an offset, or a date meaning its UTC midnight. */
export function parseInstantArgument(value: string, flag: string): number {
  const parsed = parseOffsetDate(value) ?? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? parseOffsetDate(`${value}T00:00:00Z`) : undefined)
  if (!parsed) {
    throw new PressroomError('ARGUMENT_INVALID', `Could not read ${flag} \`${value}\` as a date-time`, {hint: `Use ISO 8601 with an offset, e.g. ${flag} 2025-09-15T09:00:00-04:00`})
  }
  return parsed.timestamp
}
