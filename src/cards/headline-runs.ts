/**
 * resvg shapes each word satori places with HarfBuzz (so Arabic letters join and a Hebrew word reads right to left),
 * but satori has no Unicode bidirectional algorithm: it lays a line's words out left to right whatever their script, so an Arabic
 * or Hebrew headline came out with its words in reverse order. This module does the part of the algorithm a headline
 * needs, by words: the paragraph's direction from its first strong character, runs of words of the other direction kept
 * together in their own order, and neutral punctuation at a word's ends placed on the side the paragraph reads towards.
 */

/** Characters of right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms. */
const strongRtl = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u
/** Characters of left-to-right scripts (letters of Latin, Greek, Cyrillic, CJK, kana, Hangul …). */
const strongLtr = /[\p{L}](?<![\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])/u

/** A headline's writing direction. */
export type Direction = 'ltr' | 'rtl'

/** A word as laid out: the text in the order satori draws it, and punctuation split off its ends. */
export interface LaidWord {
  /** Leading, core and trailing parts, in the order they are read. */
  parts: string[]
}

/** A run of words: words of the paragraph's direction each alone, a run of the other direction kept whole. */
export interface HeadlineRun {
  direction: Direction
  words: LaidWord[]
}

/** The direction of a word or text: that of its first strong character, `undefined` without any. */
export function strongDirection(text: string): Direction | undefined {
  for (const char of text) {
    if (strongRtl.test(char)) return 'rtl'
    if (strongLtr.test(char)) return 'ltr'
  }
  return undefined
}

/** A headline's runs and its paragraph direction (left to right when it has no strong character). */
export function headlineRuns(text: string): {direction: Direction; runs: HeadlineRun[]} {
  const direction = strongDirection(text) ?? 'ltr'
  const runs: HeadlineRun[] = []
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    // Digits and punctuation alone take the paragraph's direction: they sit between its words.
    const own = strongDirection(word) ?? direction
    const last = runs.at(-1)
    const laid = {parts: splitNeutralEnds(word)}
    if (own !== direction && last !== undefined && last.direction === own) last.words.push(laid)
    else runs.push({direction: own, words: [laid]})
  }
  return {direction, runs}
}

/** A word's leading punctuation, core and trailing punctuation (empty parts left out). */
function splitNeutralEnds(word: string): string[] {
  const match = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word)
  if (!match) return [word]
  return [match[1], match[2], match[3]].filter((part): part is string => part !== undefined && part !== '')
}
