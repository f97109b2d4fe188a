import {formatApDate} from './ap-date.js'

/** The wire dateline: `CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --`; no parenthetical without a distributor. */
export function formatDateline(dateline: string, localDate: string, distributor: string): {text: string; displayDate: string} {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number]
  const displayDate = formatApDate(year, month, day)
  const wire = distributor.trim() === '' ? '' : ` (${distributor.trim()})`
  return {text: `${dateline.trim()}, ${displayDate}${wire} --`, displayDate}
}
