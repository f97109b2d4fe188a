import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {locator} from '../report/locator.js'
import {report} from '../report/report.js'

// What each control character becomes. The line-break-like ones become a space, not a line break: an editor does not
// count them as lines, so every later message keeps the line the editor shows, and Markdown renders a soft line
// break as white space anyway. A lone CR is a line break to YAML, Markdown and editors alike, so it becomes `\n`.
// Tab and LF (and the CR of a CRLF) are text; everything else of C0, DEL and C1 is invisible and is dropped.
const controlCharacters = /\r(?!\n)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/g

// In a front matter value every line break and tab becomes a space too: each value is one line in every output
// (titles become feed titles, digest headlines, tag folders), as YAML itself folds a plain value that spans lines.
const valueControlCharacters = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g

const names: Record<number, string> = {
  0x00: 'null',
  0x0b: "vertical tab, Word's line break",
  0x0c: 'form feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
  0x2028: 'line separator',
  0x2029: 'paragraph separator'
}

/** What a control character becomes in the file's text: a line break, a space or nothing. */
function replacementOf(character: string, inValue: boolean): string {
  if (character === '\t' || character === '\n') return ' '
  if (character === '\r') return inValue ? ' ' : '\n'
  return /[\u000B\u000C\u0085\u2028\u2029]/.test(character) ? ' ' : ''
}

function describe(character: string): string {
  const code = character.codePointAt(0) ?? 0
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${names[code] ?? 'control character'})`
}

function became(replacement: string): string {
  return replacement === '\n' ? 'became a line break' : replacement === ' ' ? 'became a space' : 'was removed'
}

function warn(file: VFile, character: string, replacement: string, place: Point) {
  const message = report(file, 'control-character-removed', `Unexpected control character ${describe(character)}, expected printable text`, place)
  message.note = `${describe(character)} ${became(replacement)}; delete it from the file (it often comes pasted from Word) to silence this`
}

/**
 * The file's text with its control characters replaced (see above), each reported once per line as
 * `control-character-removed` where it stands: every output then sees the same clean text.
 */
export function removeControlCharacters(file: VFile, text: string): string {
  if (text.search(controlCharacters) === -1) return text
  // Lone CRs first: they are line breaks to every parser, so positions are counted after they became `\n`.
  const lined = text.replace(/\r(?!\n)/g, '\n')
  const locate = locator(lined)
  const warned = new Set<string>()
  // A file saved with old Mac line ends has one on every line: the first says it for all.
  const loneReturn = text.search(/\r(?!\n)/)
  if (loneReturn !== -1) warn(file, '\r', '\n', locate(loneReturn))
  return lined.replace(controlCharacters, (character: string, offset: number) => {
    const replacement = replacementOf(character, false)
    const place = locate(offset)
    const key = `${place.line}${character}`
    if (!warned.has(key)) {
      warned.add(key)
      warn(file, character, replacement, place)
    }
    return replacement
  })
}

/**
 * Front matter values with every control character replaced (the ones a YAML escape such as `"\v"` wrote), each
 * reported at its value; tabs and line feeds become spaces without a word.
 */
export function cleanFrontMatterValues(file: VFile, data: Record<string, unknown>, placeOf: (path: ReadonlyArray<string | number>) => Point): Record<string, unknown> {
  const clean = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === 'string') {
      let warned = false
      return value.replace(valueControlCharacters, (character: string) => {
        const replacement = replacementOf(character, true)
        // YAML folds line ends to `\n`: a CR in a value was written on purpose, as an escape.
        if (!warned && character !== '\t' && character !== '\n') {
          warned = true
          warn(file, character, replacement, placeOf(path))
        }
        return replacement
      })
    }
    if (Array.isArray(value)) return value.map((item, index) => clean(item, [...path, index]))
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item, [...path, key])]))
    }
    return value
  }
  return clean(data, []) as Record<string, unknown>
}
