// Quoted-printable (RFC 2045, section 6.7) with the choices nodemailer's own encoder makes (which bytes stay literal,
// where soft line breaks go), so a part encoded here reads and looks like one nodemailer encoded. nodemailer publishes
// its encoder only as an undocumented module; the tests hold these bytes against what its documented API writes.

// Bytes written as they are: TAB, LF, CR, and printable ASCII except `=`.
const literal = new Uint8Array(256)
for (let byte = 0; byte < 256; byte++) literal[byte] = byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e && byte !== 0x3d) ? 1 : 0
const hexDigits = '0123456789ABCDEF'

/** `text` (as UTF-8) in quoted-printable, unwrapped: whitespace before a line end or at the end is encoded too. */
export function encodeQuotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  let result = ''
  let run = 0
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number
    const next = bytes[index + 1]
    const isWhitespace = byte === 0x20 || byte === 0x09
    if (literal[byte] && !(isWhitespace && (next === undefined || next === 0x0a || next === 0x0d))) continue
    result += bytes.toString('latin1', run, index) + '=' + hexDigits[byte >> 4] + hexDigits[byte & 15]
    run = index + 1
  }
  return run === 0 ? text : result + bytes.toString('latin1', run)
}

/**
 * Quoted-printable text cut into lines of at most `lineLength` characters by soft line breaks (`=\r\n`), never inside an
 * `=XX` escape or a UTF-8 sequence, preferably after a space or a punctuation mark near the end of the line.
 */
export function wrapQuotedPrintable(encoded: string, lineLength = 76): string {
  if (encoded.length <= lineLength) return encoded
  const margin = Math.floor(lineLength / 3)
  let result = ''
  let position = 0
  while (position < encoded.length) {
    let line = encoded.substr(position, lineLength)
    let match = /\r\n/.exec(line)
    if (match) {
      line = line.slice(0, match.index + 2)
      result += line
      position += line.length
      continue
    }
    if (line.endsWith('\n')) {
      result += line
      position += line.length
      continue
    }
    if ((match = /\n.*?$/.exec(line.slice(-margin)))) {
      line = line.slice(0, line.length - (match[0].length - 1))
      result += line
      position += line.length
      continue
    }
    if (line.length > lineLength - margin && (match = /[ \t.,!?][^ \t.,!?]*$/.exec(line.slice(-margin)))) {
      line = line.slice(0, line.length - (match[0].length - 1))
    } else if (/=[\da-f]{0,2}$/i.test(line)) {
      // An escape cut short goes to the next line whole, and so do the escapes of a UTF-8 sequence cut short.
      if ((match = /=[\da-f]{0,1}$/i.exec(line))) line = line.slice(0, line.length - match[0].length)
      while (line.length > 3 && line.length < encoded.length - position && !/^(?:=[\da-f]{2}){1,4}$/i.test(line) && (match = /=[\da-f]{2}$/i.exec(line))) {
        const code = parseInt(match[0].slice(1, 3), 16)
        if (code < 128) break
        line = line.slice(0, -3)
        if (code >= 0xc0) break
      }
    }
    if (!line.length) line = encoded.substr(position, lineLength)
    if (position + line.length < encoded.length && !line.endsWith('\n')) {
      if (line.length === lineLength && /=[\da-f]{2}$/i.test(line)) line = line.slice(0, -3)
      else if (line.length === lineLength) line = line.slice(0, -1)
      position += line.length
      line += '=\r\n'
    } else {
      position += line.length
    }
    result += line
  }
  return result
}
