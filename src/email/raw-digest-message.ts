import {randomBytes} from 'node:crypto'
import {boundedMemo} from '../bounded-memo.js'
import {encodeQuotedPrintable} from './encode-quoted-printable.js'
import {MailComposer} from './nodemailer-mime.js'
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
 * Assemble a message whose parts are already encoded. nodemailer's MailComposer still writes the header block (encoding,
 * folding, envelope) as its transports would; only the composer's per-part streams are skipped, which cost a third of
 * a send and wrote each message to the socket in seven pieces.
 */
export function rawDigestMessage(message: OutgoingMessage, parts: {text: string; html: string}): RawMessage {
  const root = digestRoot(message)
  const prepared = (value: string) => ({prepared: true, foldLines: true, value})
  // Set in place: the headers keep the order nodemailer gave them when the root was composed.
  root.setHeader('to', message.to)
  root.setHeader('message-id', message.messageId)
  // Both URLs in ONE List-Unsubscribe header, as RFC 8058 senders are expected to write it.
  root.setHeader('list-unsubscribe', prepared(`${listUrl(message.unsubscribe.url)}, ${listUrl(message.unsubscribe.mailto)}`))
  // Where nodemailer's header writer adds a missing Date, and as it writes one.
  root.setHeader('date', message.date ?? new Date())
  const head = root.buildHeaders()
  const boundary = String(root.boundary)
  const text = `${head}\r\n\r\n--${boundary}\r\n${parts.text}\r\n--${boundary}\r\n${parts.html}\r\n--${boundary}--\r\n`
  const envelope = root.getEnvelope()
  // UTF-8: the parts are 7-bit, but an address may not be (SMTPUTF8).
  return {raw: Buffer.from(text, 'utf8'), envelope: {from: String(envelope.from), to: envelope.to}, messageId: message.messageId}
}

type MimeNode = ReturnType<MailComposer['compile']>

/** The root composed for the last digest: its recipients' messages differ only in the headers set per message. */
let last: {key: string; root: MimeNode} | undefined

/**
 * The message's root node, composed by nodemailer's MailComposer once per digest and reused for each recipient:
 * composing it (two alternatives, their nodes, every header) for each message made every message markedly slower.
 */
function digestRoot(message: OutgoingMessage): MimeNode {
  const key = JSON.stringify([message.from, message.replyTo, message.subject, message.listId, message.headers, message.baseBoundary, message.date === undefined])
  if (last?.key === key) return last.root
  // The headers in the order nodemailer sets them, so a raw message reads like a composed one; the two empty
  // alternatives make the root multipart/alternative, whose parts are written in rawDigestMessage instead.
  const root = new MailComposer({
    headers: message.headers,
    from: parsedOnce(message.from),
    to: message.to,
    ...(message.replyTo === undefined ? {} : {replyTo: parsedOnce(message.replyTo)}),
    subject: message.subject,
    messageId: message.messageId,
    ...(message.date ? {date: message.date} : {}),
    baseBoundary: message.baseBoundary ?? processBoundary,
    alternatives: emptyAlternatives
  }).compile()
  // The same for every recipient of a digest: encoded once, as nodemailer encodes them (see `encodedSubject`); set in
  // the Subject's place, and the List-* headers after the others, where nodemailer adds them.
  const prepared = (value: string) => ({prepared: true, foldLines: true, value})
  root.setHeader('subject', prepared(encodedSubject(message.subject)))
  root.addHeader('list-id', prepared(`${listComment(message.listId.comment)} ${listUrl(message.listId.id).replace(/^<[^:]+:\/{0,2}/, '<')}`))
  root.addHeader('list-unsubscribe', '')
  last = {key, root}
  return root
}

const emptyAlternatives = [{contentType: 'text/plain', content: ''}, {contentType: 'text/html', content: ''}]

// A digest's From, Reply-To and Subject are the same for all its recipients, and parsing the addresses (twice, for
// the header and the envelope) and encoding them was a third of assembling each message. A few distinct values per
// process at most; the memos are bounded anyway.
const scratch = new MailComposer({}).compile()

/** An address header's value parsed as nodemailer parses it: given parsed, it skips its address parser. */
const parsedOnce = boundedMemo((value) => new MailComposer({from: value}).compile().getAddresses().from ?? [], 64)

/**
 * The Subject encoded by nodemailer's own `encodeHeaderValue`, which its header writer applies before folding
 * `Key: value` at 76 characters, as a prepared header with folding does here (address headers cannot be prepared:
 * nodemailer never takes them so).
 */
const encodedSubject = boundedMemo((subject) => scratch.encodeHeaderValue('subject', subject), 64)

// As nodemailer writes a List-* comment: quoted when plain text, else one encoded word (RFC 2047, Q encoding).
function listComment(comment: string): string {
  if (!/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\uffff]/.test(comment)) return `"${comment.replace(/["\\]/g, '\\$&')}"`
  const encoded = encodeQuotedPrintable(comment).replace(/[^a-z0-9!*+\-/=]/gi, (character) =>
    character === ' ' ? '_' : `=${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
  return `=?UTF-8?Q?${encoded}?=`
}

// As nodemailer writes a List-* URL: in angle brackets, a bare address as mailto, anything else as http.
function listUrl(url: string): string {
  const clean = url.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/[\s<]+|[\s>]+/g, '')
  if (/^(https?|mailto|ftp):/.test(clean)) return `<${clean}>`
  if (/^[^@]+@[^@]+$/.test(clean)) return `<mailto:${clean}>`
  return `<http://${clean}>`
}
