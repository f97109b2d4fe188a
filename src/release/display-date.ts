import {boundedMemo} from '../bounded-memo.js'
import {formatApDate} from './ap-date.js'

/** Whether a BCP 47 tag is English, whose dates keep AP style (`Sept. 15, 2025`) as wire services print them. */
export function isEnglish(language: string): boolean {
  return language.toLowerCase() === 'en' || language.toLowerCase().startsWith('en-')
}

// One formatter per language: a release page, a listing and a digest ask again and again for the same few.
const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * A calendar date as a reader of `language` writes it: AP style in English, the language's own long date elsewhere
 * (`15. September 2025` in German, `2025年9月15日` in Chinese, `15 سبتمبر 2025` in Arabic), from
 * `Intl.DateTimeFormat`. The one place pressroom turns a date into words, so a dateline, a listing and a digest never
 * disagree.
 */
export function formatDisplayDate(language: string, year: number, month: number, day: number): string {
  if (isEnglish(language)) return formatApDate(year, month, day)
  return localDate(`${language}\0${year}\0${month}\0${day}`)
}

// ICU's formatting is a sizeable part of checking a release in another language, and a newsroom's releases and
// listings ask for the same few hundred dates again and again: each is formatted once.
const localDate = boundedMemo((key: string) => {
  const [language = '', year, month, day] = key.split('\0')
  return formatLocalDate(language, Number(year), Number(month), Number(day))
}, 8192)

function formatLocalDate(language: string, year: number, month: number, day: number): string {
  let formatter = formatters.get(language)
  if (!formatter) {
    // A tag ICU cannot read (already refused by validation, but a config default may pass through) reads as English.
    const locale = Intl.DateTimeFormat.supportedLocalesOf(language)[0] ?? 'en-US'
    formatters.set(language, (formatter = new Intl.DateTimeFormat(locale, {timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', ...arabicDateOptions(locale)})))
  }
  return formatter.format(Date.UTC(year, month - 1, day))
}

/**
 * Arabic dates as Arabic wire releases print them: the region's month names (`مارس`, or `آذار` in the Levant) with
 * Latin digits and the Gregorian calendar, the same in every region and every ICU version (some give `ar-SA` or `ar-EG`
 * Arabic-Indic digits, older ones the Hijri calendar in Saudi Arabia), so a dateline reads as the wire's and agrees
 * with the release's date. A tag that names its digits or calendar (`ar-EG-u-nu-arab`) keeps them.
 */
function arabicDateOptions(locale: string): Intl.DateTimeFormatOptions {
  const tag = new Intl.Locale(locale)
  if (tag.language !== 'ar') return {}
  return {...(tag.numberingSystem === undefined ? {numberingSystem: 'latn'} : {}), ...(tag.calendar === undefined ? {calendar: 'gregory'} : {})}
}

/**
 * The locale to write `language`'s figures (a file size, a count) in: Arabic with Latin digits, as its dates (see
 * `arabicDateOptions`), so one page never mixes two kinds of digits; other languages as given.
 */
export function figureLocale(language: string): string {
  try {
    const tag = new Intl.Locale(language)
    return tag.language === 'ar' && tag.numberingSystem === undefined ? `${tag.baseName}-u-nu-latn` : language
  } catch {
    return language
  }
}

/** The date of an instant as seen in an IANA time zone, in `language` (see {@link formatDisplayDate}). */
export function formatDisplayDateInZone(timestamp: number, timeZone: string, language: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {timeZone, year: 'numeric', month: 'numeric', day: 'numeric'}).formatToParts(timestamp)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return formatDisplayDate(language, part('year'), part('month'), part('day'))
}

/** The date of an instant as seen in a fixed offset (a release's own, for its "Updated" line), in `language`. */
export function formatDisplayDateInOffset(timestamp: number, offsetMinutes: number, language: string): string {
  const local = new Date(timestamp + offsetMinutes * 60_000)
  return formatDisplayDate(language, local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate())
}
