/** The widest a subject should be, in columns: RFC 5322's line length, and about what a phone's inbox list shows. */
export const subjectMaxWidth = 78

// East Asian wide and fullwidth characters (CJK, kana, Hangul, fullwidth forms) take two columns in an inbox line.
const wide = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u

/** How many columns `text` takes: one per character, two for an East Asian wide one. */
export function textWidth(text: string): number {
  let width = 0
  for (const character of text) width += wide.test(character) ? 2 : 1
  return width
}

// Cut after these and the headline ends mid-thought ("Northwind signs deal with…"): trimmed with the punctuation.
const dangling = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'und', 'der', 'die', 'das', 'mit', 'für', 'von', 'et', 'le', 'la', 'les', 'de', 'des', 'du', 'pour', 'avec', 'y', 'el', 'los', 'las', 'con', 'por', 'para'])

// Prepositions and conjunctions that open a phrase the cut would leave with one word.
const joining = new Set(['and', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'to', 'with', 'und', 'mit', 'für', 'von', 'et', 'pour', 'avec', 'de', 'y', 'con', 'por', 'para'])

function trimDangling(text: string): string {
  let cut = text
  for (;;) {
    const trimmed = cut.replace(/[\s,;:·–—\-(/&]+$/u, '')
    const lastWord = /(\S+)$/u.exec(trimmed)?.[1]?.toLowerCase() ?? ''
    const shorter = dangling.has(lastWord) && trimmed.length > lastWord.length ? trimmed.slice(0, -lastWord.length) : trimmed
    if (shorter === cut) return cut
    cut = shorter
  }
}

/**
 * `headline` cut to at most `room` columns at a word (a CJK headline at a word as `Intl.Segmenter` finds it), without a
 * trailing comma or a dangling `and`/`of`, with an ellipsis; the headline itself when it fits.
 */
export function fitHeadline(headline: string, room: number, language: string): string {
  if (textWidth(headline) <= room) return headline
  const segments = [...new Intl.Segmenter(language, {granularity: 'word'}).segment(headline)]
  let kept = ''
  let lastWordEnd = 0
  for (const segment of segments) {
    if (textWidth(kept + segment.segment) > room - 1) break
    kept += segment.segment
    if (segment.isWordLike) lastWordEnd = kept.length
  }
  // One word longer than the room: cut inside it rather than send an empty headline.
  let cut = trimDangling(lastWordEnd > 0 ? kept.slice(0, lastWordEnd) : [...headline].slice(0, Math.max(1, room - 1)).join(''))
  // A phrase cut after one word ("ferries to shore…") reads as a different claim: end before its preposition.
  const words = cut.split(' ')
  if (words.length > 2 && joining.has((words.at(-2) ?? '').toLowerCase())) cut = trimDangling(words.slice(0, -2).join(' '))
  return `${cut}…`
}

/**
 * The subject `frame` makes of the headline, the headline cut to fit {@link subjectMaxWidth} when the whole would not;
 * `frame` adds what stays whole (the prefix, "and 4 more").
 */
export function fitSubject(headline: string, frame: (headline: string) => string, language: string): string {
  const whole = frame(headline)
  if (textWidth(whole) <= subjectMaxWidth) return whole
  return frame(fitHeadline(headline, subjectMaxWidth - textWidth(frame('')), language))
}
