/** AP style: five short months are spelled out, the rest abbreviated; Sept. takes four letters. */
const apMonths = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'] as const

/** Format a calendar date AP-style, e.g. `Sept. 15, 2025` (month 1-12, no zero-padded day). */
export function formatApDate(year: number, month: number, day: number): string {
  const name = apMonths[month - 1]
  if (name === undefined) throw new RangeError(`Month ${month} is not 1-12`)
  return `${name} ${day}, ${year}`
}

/** The AP-style date of an instant as seen in an IANA time zone, e.g. for a digest's subject. */
export function formatApDateInZone(timestamp: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {timeZone, year: 'numeric', month: 'numeric', day: 'numeric'}).formatToParts(timestamp)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return formatApDate(part('year'), part('month'), part('day'))
}
