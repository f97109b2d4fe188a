import {PressroomError} from '../report/pressroom-error.js'

/** One CSV record and the 1-based line it starts on, for messages people can find in their spreadsheet. */
export interface CsvRecord {
  line: number
  cells: string[]
}

/**
 * Parse RFC 4180 CSV: comma-separated, double-quoted cells may hold commas, quotes (doubled) and line breaks.
 * Blank lines are returned as records with one empty cell so the caller can count them.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  let line = 1
  let cells: string[] = []
  let cell = ''
  let recordLine = 1
  let quoted = false
  let quoteLine = 0
  let index = 0
  const endRecord = () => {
    cells.push(cell)
    records.push({line: recordLine, cells})
    cells = []
    cell = ''
  }
  while (index < source.length) {
    const char = source[index] as string
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"'
        index += 2
        continue
      }
      if (char === '"') quoted = false
      else {
        if (char === '\n') line++
        cell += char
      }
      index++
      continue
    }
    if (char === '"' && cell === '') {
      quoted = true
      quoteLine = line
    } else if (char === ',') {
      cells.push(cell)
      cell = ''
    } else if (char === '\r' && source[index + 1] === '\n') {
      index++
      continue
    } else if (char === '\n' || char === '\r') {
      endRecord()
      line++
      recordLine = line
    } else cell += char
    index++
  }
  if (quoted) {
    throw new PressroomError('IMPORT_INVALID', `Unexpected end of file inside the quoted cell that opens on line ${quoteLine}, expected a closing \`"\``, {
      hint: 'Close the quote on that line (a quote inside a quoted cell is written twice: "")'
    })
  }
  if (cell !== '' || cells.length > 0) endRecord()
  return records
}

// OWASP's advice on CSV injection: a spreadsheet runs a cell that starts with one of these as a formula. Leading
// apostrophes count too, so that a value which itself starts with `'` and then one of them still round-trips.
const formulaStart = /^'*[=+\-@\t\r]/

/**
 * Quote a cell for CSV output when it holds a comma, quote, line break or leading/trailing space; a cell a spreadsheet
 * would run as a formula gets a leading `'` (which spreadsheets show as text, and {@link csvValue} takes off).
 */
export function csvCell(value: string): string {
  const inert = formulaStart.test(value) ? `'${value}` : value
  return /[",\r\n]|^\s|\s$/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert
}

/**
 * The value of a parsed cell: the `'` that {@link csvCell} puts before a formula-like start is taken off again, as a
 * spreadsheet hides it, so an export imports as the values it was made from.
 */
export function csvValue(cell: string): string {
  return cell.startsWith("'") && formulaStart.test(cell) ? cell.slice(1) : cell
}
