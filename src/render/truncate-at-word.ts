// Made when a text is first cut: loading ICU's word break data takes 10 to 15 ms, which most builds never need.
let wordSegmenter: Intl.Segmenter | undefined
// Punctuation that reads wrong at the end of a cut snippet (closing quotes and brackets are kept).
const dangling = /[\s,;:\-–—(（「『《〈、，；：·]+$/u

/**
 * Shorten text to at most `maxLength` characters at a word boundary, with an ellipsis when cut.
 * Counts and cuts whole code points, and uses Intl word segments so CJK text is cut between words, never inside a character.
 */
export function truncateAtWord(text: string, maxLength: number): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if ([...clean].length <= maxLength) return clean
  let kept = ''
  let length = 0
  wordSegmenter ??= new Intl.Segmenter(undefined, {granularity: 'word'})
  for (const {segment} of wordSegmenter.segment(clean)) {
    const size = [...segment].length
    if (length + size > maxLength - 1) break
    kept += segment
    length += size
  }
  if (kept === '') kept = [...clean].slice(0, maxLength - 1).join('')
  return kept.replace(dangling, '').replace(/[.。．]+$/u, '') + '…'
}
