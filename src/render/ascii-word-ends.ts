// The Word_Break property of printable ASCII (Unicode's UAX #29, as ICU's rules for English apply it).
const other = 0
const letter = 1
const digit = 2
/** `:`, between letters only. */
const midLetter = 3
/** `,` and `;`, between digits only. */
const midNum = 4
/** `.` and `'`, between letters or between digits. */
const midNumLet = 5
/** `_`, which joins words and numbers. */
const extendNumLet = 6
const space = 7

const kinds = new Uint8Array(128)
for (let code = 65; code <= 90; code++) kinds[code] = letter
for (let code = 97; code <= 122; code++) kinds[code] = letter
for (let code = 48; code <= 57; code++) kinds[code] = digit
kinds[58] = midLetter
kinds[44] = midNum
kinds[59] = midNum
kinds[46] = midNumLet
kinds[39] = midNumLet
kinds[95] = extendNumLet
kinds[32] = space

const isWord = (kind: number) => kind === letter || kind === digit

/** Whether UAX #29 keeps the characters of kinds `a` and `b` together, given the ones before (`z`) and after (`c`). */
function joined(z: number, a: number, b: number, c: number): boolean {
  if (a === space && b === space) return true // WB3d
  if (a === letter && b === letter) return true // WB5
  if (a === letter && (b === midLetter || b === midNumLet) && c === letter) return true // WB6
  if (z === letter && (a === midLetter || a === midNumLet) && b === letter) return true // WB7
  if (isWord(a) && isWord(b)) return true // WB8, WB9, WB10
  if (z === digit && (a === midNum || a === midNumLet) && b === digit) return true // WB11
  if (a === digit && (b === midNum || b === midNumLet) && c === digit) return true // WB12
  if ((isWord(a) || a === extendNumLet) && b === extendNumLet) return true // WB13a
  if (a === extendNumLet && isWord(b)) return true // WB13b
  return false
}

/**
 * Where the word segments of `text` end, up to the first end at or past `limit`, as `Intl.Segmenter` would say for
 * English; undefined unless `text` is printable ASCII up to two characters past `limit` (all a decision there looks at).
 * Making a segmenter loads ICU's word break data, which a rebuild of one English release need not pay for.
 */
export function asciiWordEnds(text: string, limit: number): number[] | undefined {
  const end = Math.min(text.length, limit + 2)
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index)
    if (code < 32 || code > 126) return undefined
  }
  const kindAt = (index: number) => (index < 0 || index >= end ? -1 : (kinds[text.charCodeAt(index)] as number))
  const ends: number[] = []
  for (let index = 1; index < text.length; index++) {
    if (joined(kindAt(index - 2), kindAt(index - 1), kindAt(index), kindAt(index + 1))) continue
    ends.push(index)
    if (index >= limit) return ends
  }
  ends.push(text.length)
  return ends
}
