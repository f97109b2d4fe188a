import {boundedMemo} from '../bounded-memo.js'
import {formatDisplayDate} from './display-date.js'

/**
 * The wire dateline: `CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --`, the date in the release's `language`
 * (`BERLIN, 15. September 2025 (GLOBE NEWSWIRE) --`) and the comma pressroom adds in its script
 * (`دبي، الإمارات، 15 سبتمبر 2025 (GLOBE NEWSWIRE) --`); no parenthetical without a distributor, whose name is
 * written as it is.
 */
export function formatDateline(dateline: string, localDate: string, distributor: string, language = 'en'): {text: string; displayDate: string} {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number]
  const displayDate = formatDisplayDate(language, year, month, day)
  const wire = distributor.trim() === '' ? '' : ` (${distributor.trim()})`
  return {text: `${dateline.trim()}${datelineComma(language)}${displayDate}${wire} --`, displayDate}
}

// Scripts whose writers use the Arabic comma (U+060C) where Latin text has `, `: Arabic, Persian and Urdu alike.
const arabicCommaScripts = new Set(['Arab', 'Aran'])

/**
 * The separator between the author's place and the date: `، ` in Arabic script, `, ` elsewhere. Once per language:
 * maximizing a locale asks ICU, for every release, what a newsroom's few languages answer alike.
 */
const datelineComma = boundedMemo(scriptComma, 256)

function scriptComma(language: string): string {
  try {
    const script = new Intl.Locale(language).maximize().script
    return script !== undefined && arabicCommaScripts.has(script) ? '، ' : ', '
  } catch {
    return ', '
  }
}
