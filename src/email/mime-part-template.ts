import {encodeQuotedPrintable, wrapQuotedPrintable} from './encode-quoted-printable.js'
import {MailComposer} from './nodemailer-mime.js'

/** A text MIME part encoded once; called with one message's value for each marker, in order, it returns that message's part. */
export type MimePartTemplate = (...values: string[]) => string

const lineLength = 76

/**
 * Encode `content` as a MIME part (headers and body) once, leaving a seam wherever `marker` stands, so each message
 * only encodes its own value (an unsubscribe link) instead of the whole part again. nodemailer chooses the transfer
 * encoding, and the encoding follows nodemailer's, so a mail client reads exactly what nodemailer would have sent.
 */
export function mimePartTemplate(contentType: string, content: string, marker: string | readonly string[]): MimePartTemplate {
  const markers = typeof marker === 'string' ? [marker] : marker
  const valueOf = (values: readonly string[], index: number) => values[index] ?? ''

  // Mostly non-Latin text (a zh-Hans newsroom's text part) goes out as base64, which cannot be cut at a seam; encoding
  // it natively for each message is still cheap.
  if (new MailComposer({alternatives: [{contentType, content}]}).compile().getTransferEncoding() === 'base64') {
    const head = `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: base64\r\n\r\n`
    return (...values) => head + wrapBase64(Buffer.from(markers.reduce((text, each, index) => text.replaceAll(each, valueOf(values, index)), content), 'utf8').toString('base64'))
  }
  // Only characters QP keeps as they are, so the marker is found verbatim in the encoded text.
  for (const each of markers) if (!/^[A-Za-z0-9:/._-]+$/.test(each)) throw new Error(`Unexpected marker ${each}, expected one that quoted-printable leaves as is`)
  const head = `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`
  // Encoded whole, then cut: whitespace before a seam is encoded as it would be next to the value.
  // A capturing split keeps each seam's marker between the pieces, so a seam knows which value it takes.
  const split = encodeQuotedPrintable(content.replace(/\r?\n/g, '\r\n')).split(new RegExp(`(${markers.map((each) => each.replace(/[.]/g, '\\.')).join('|')})`))
  const last = wrapQuotedPrintable(split.pop() as string, lineLength)
  const leading: {piece: string; seam: number}[] = []
  for (let index = 0; index < split.length; index += 2) leading.push({piece: upToSeam(split[index] as string), seam: markers.indexOf(split[index + 1] as string)})
  return (...values) => {
    const encoded = markers.map((_, index) => upToSeam(encodeQuotedPrintable(valueOf(values, index))))
    let part = head
    for (const {piece, seam} of leading) part += piece + encoded[seam]
    return part + last
  }
}

// Lines of one less than the limit, ended by a soft line break, so the next piece starts on a line of its own and
// no line ever exceeds 76 characters.
function upToSeam(encoded: string): string {
  if (encoded === '') return ''
  const wrapped = wrapQuotedPrintable(encoded, lineLength - 1)
  return wrapped.endsWith('\n') ? wrapped : wrapped + '=\r\n'
}

// Base64 in lines of 76 characters, the last one without a line break, as nodemailer writes it.
function wrapBase64(encoded: string): string {
  let result = encoded.slice(0, lineLength)
  for (let start = lineLength; start < encoded.length; start += lineLength) result += '\r\n' + encoded.slice(start, start + lineLength)
  return result
}
