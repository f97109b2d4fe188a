import {formatDisplayDate} from './display-date.js'

/**
 * The wire dateline: `CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --`, the date in the release's `language`
 * (`BERLIN, 15. September 2025 (GLOBE NEWSWIRE) --`); no parenthetical without a distributor.
 */
export function formatDateline(dateline: string, localDate: string, distributor: string, language = 'en'): {text: string; displayDate: string} {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number]
  const displayDate = formatDisplayDate(language, year, month, day)
  const wire = distributor.trim() === '' ? '' : ` (${distributor.trim()})`
  return {text: `${dateline.trim()}, ${displayDate}${wire} --`, displayDate}
}
