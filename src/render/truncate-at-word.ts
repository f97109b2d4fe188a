import {asciiWordEnds} from './ascii-word-ends.js'

// Made when a text that is not plain ASCII is first cut: loading ICU's word break data is slow to start. English
// rules, as the ASCII path's, so a snippet is cut the same on every machine whatever its default locale.
let wordSegmenter: Intl.Segmenter | undefined
// Punctuation that reads wrong at the end of a cut snippet (closing quotes and brackets are kept).
const dangling = /[\s,;:\-–—(（「『《〈、，；：·]+$/u

/**
 * The word segments of `text`, far enough to cover its first `limit` characters. ICU's are taken one at a time, as the
 * cut asks for them: a lede runs on far past the snippet, and segmenting all of it was most of a snippet's cost.
 */
function* wordSegments(text: string, limit: number): Iterable<string> {
  const ends = asciiWordEnds(text, limit)
  if (!ends) {
    wordSegmenter ??= new Intl.Segmenter('en', {granularity: 'word'})
    for (const {segment} of wordSegmenter.segment(text)) yield segment
    return
  }
  for (const [index, end] of ends.entries()) yield text.slice(index === 0 ? 0 : ends[index - 1], end)
}

/**
 * Shorten text to at most `maxLength` characters at a word boundary, with an ellipsis when cut.
 * Counts and cuts whole code points, and uses Intl word segments so CJK text is cut between words, never inside a character.
 */
export function truncateAtWord(text: string, maxLength: number): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if ([...clean].length <= maxLength) return clean
  let kept = ''
  let length = 0
  for (const segment of wordSegments(clean, maxLength)) {
    const size = [...segment].length
    if (length + size > maxLength - 1) break
    kept += segment
    length += size
  }
  if (kept === '') kept = [...clean].slice(0, maxLength - 1).join('')
  return kept.replace(dangling, '').replace(/[.。．]+$/u, '') + '…'
}
