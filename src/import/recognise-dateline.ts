import {isCalendarDate} from '../release/iso-date.js'

/** A wire dateline found in a release's text: the three wires print it differently but say the same things. */
export interface WireDateline {
  /** `GLOBE NEWSWIRE`, `PRNewswire` or `BUSINESS WIRE`: the distributor as the wire prints itself. */
  distributor: string
  /** `CITY, Region` as printed (`CHANGZHOU, China`, `SAN JOSE, Calif.`). */
  place: string
  /** The dateline's calendar date, `YYYY-MM-DD`. */
  date: string
  /** Text before the dateline on its line (not part of the release). */
  before: string
  /** The lede: what follows the dateline's `--`. */
  lede: string
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// AP abbreviations (Sept.), full names and three-letter forms: each wire and each desk writes them differently.
const month = String.raw`(?<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`
const date = String.raw`${month}\s+(?<day>\d{1,2}),\s+(?<year>\d{4})`
// A city in capitals, then an optional region as written (`China`, `Calif.`, `N.Y.`).
const place = String.raw`(?<place>[A-Z][A-Z0-9 .'’&/-]*[A-Z.](?:,\s*[A-Z][A-Za-z .'’-]*?)?)`
const dash = String.raw`\s*(?:--|[–—])\s*`

const shapes: ReadonlyArray<{distributor: (match: RegExpExecArray) => string; pattern: RegExp}> = [
  {distributor: () => 'GLOBE NEWSWIRE', pattern: new RegExp(String.raw`${place},\s+${date}\s*\(GLOBE NEWSWIRE\)${dash}(?<lede>.*)$`, 's')},
  {distributor: (match) => match.groups?.wire ?? 'PRNewswire', pattern: new RegExp(String.raw`${place},\s+${date}\s*/(?<wire>PRNewswire[^/]{0,40})/${dash}(?<lede>.*)$`, 's')},
  {distributor: () => 'BUSINESS WIRE', pattern: new RegExp(String.raw`${place}${dash}\(BUSINESS WIRE\)${dash}${date}${dash}(?<lede>.*)$`, 's')}
]

/** Find a GlobeNewswire, PR Newswire or Business Wire dateline at the start of a paragraph's text, or undefined. */
export function recogniseDateline(text: string): WireDateline | undefined {
  for (const shape of shapes) {
    const match = shape.pattern.exec(text)
    const groups = match?.groups
    if (!match || !groups) continue
    const monthIndex = monthNames.indexOf((groups.month ?? '').slice(0, 3).toLowerCase())
    const [year, day] = [Number(groups.year), Number(groups.day)]
    if (monthIndex < 0 || !isCalendarDate(year, monthIndex + 1, day)) continue
    // A dateline opens its paragraph; one quoted inside a sentence (a README, a cover note) is not the release's.
    const before = text.slice(0, match.index).trim()
    if (before.length > 40 || /[(`"“]/.test(before)) continue
    return {
      distributor: shape.distributor(match),
      place: (groups.place ?? '').replace(/\s+/g, ' ').trim(),
      date: `${year}-${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      before,
      lede: (groups.lede ?? '').trim()
    }
  }
  return undefined
}
