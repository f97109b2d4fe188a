import {randomBytes} from 'node:crypto'
import {boundedMemo} from '../bounded-memo.js'
import {addressparser, encodeWord, isPlainText, MimeNode} from './nodemailer-mime.js'
import type {OutgoingMessage} from './build-digest-message.js'

/** A whole message in one buffer, its SMTP envelope and its Message-ID: what nodemailer's `raw` option takes. */
export interface RawMessage {
  raw: Buffer
  envelope: {from: string; to: string[]}
  /**
   * The Message-ID in `raw`. Given, nodemailer reports it instead of making up one for the raw message, twice per
   * send, from several reads of the system's random source each: a visible share of a big digest's CPU.
   */
  messageId: string
}

// The shared part of the multipart boundary, drawn once per process instead of once per message: a boundary needs
// only to be absent from the parts, and 16 random hex digits are as unguessable drawn once as drawn per message.
const processBoundary = randomBytes(8).toString('hex')

/**
 * Assemble a message whose parts are already encoded. nodemailer's MimeNode still writes the header block (encoding,
 * folding, envelope) as its composer would; only the composer's per-part streams are skipped, which cost a third of a
 * send and wrote each message to the socket in seven pieces.
 */
export function rawDigestMessage(message: OutgoingMessage, parts: {text: string; html: string}): RawMessage {
  // Headers in the order nodemailer's MailComposer sets them, so a raw message reads like a composed one.
  const root = new MimeNode('multipart/alternative', {baseBoundary: message.baseBoundary ?? processBoundary})
  root.addHeader(message.headers)
  const set = (key: string, value: unknown) => root.setHeader(key, value as string)
  // The same for every recipient of a digest: encoded once, as nodemailer encodes them (see `encodedSubject`).
  const prepared = (key: string, value: string) => root.addHeader(key, {prepared: true, foldLines: true, value} as unknown as string)
  set('from', parsedOnce(message.from))
  set('to', message.to)
  if (message.replyTo !== undefined) set('reply-to', parsedOnce(message.replyTo))
  prepared('subject', encodedSubject(message.subject))
  set('message-id', message.messageId)
  if (message.date) set('date', message.date)
  prepared('list-id', `${listComment(message.listId.comment)} ${listUrl(message.listId.id).replace(/^<[^:]+:\/{0,2}/, '<')}`)
  // Both URLs in ONE List-Unsubscribe header, as RFC 8058 senders are expected to write it.
  prepared('list-unsubscribe', `${listUrl(message.unsubscribe.url)}, ${listUrl(message.unsubscribe.mailto)}`)
  const head = root.buildHeaders()
  const boundary = String(root.boundary)
  const text = `${head}\r\n\r\n--${boundary}\r\n${parts.text}\r\n--${boundary}\r\n${parts.html}\r\n--${boundary}--\r\n`
  const envelope = root.getEnvelope()
  // UTF-8: the parts are 7-bit, but an address may not be (SMTPUTF8).
  return {raw: Buffer.from(text, 'utf8'), envelope: {from: String(envelope.from), to: envelope.to}, messageId: message.messageId}
}

// A digest's From, Reply-To and Subject are the same for all its recipients, and parsing the addresses (twice, for
// the header and the envelope) and encoding them was a third of assembling each message. A few distinct values per
// process at most; the memos are bounded anyway.
const scratch = new MimeNode('text/plain', {baseBoundary: processBoundary})

/** An address header's value parsed as nodemailer parses a string: given parsed, it skips its address parser. */
const parsedOnce = boundedMemo((value) => addressparser(value), 64)

/**
 * The Subject encoded by nodemailer's own `encodeHeaderValue`, which its header writer applies before folding
 * `Key: value` at 76 characters, as a prepared header with folding does here (address headers cannot be prepared:
 * nodemailer never takes them so).
 */
const encodedSubject = boundedMemo((subject) => scratch.encodeHeaderValue('subject', subject), 64)

// As nodemailer writes a List-* comment: quoted when plain, else an encoded word.
function listComment(comment: string): string {
  return isPlainText(comment) && !comment.includes('\x7f') ? `"${comment.replace(/["\\]/g, '\\$&')}"` : encodeWord(comment)
}

// As nodemailer writes a List-* URL: in angle brackets, a bare address as mailto, anything else as http.
function listUrl(url: string): string {
  const clean = url.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/[\s<]+|[\s>]+/g, '')
  if (/^(https?|mailto|ftp):/.test(clean)) return `<${clean}>`
  if (/^[^@]+@[^@]+$/.test(clean)) return `<mailto:${clean}>`
  return `<http://${clean}>`
}
