import nodemailer from 'nodemailer'
import {PressroomError} from '../report/pressroom-error.js'
import type {OutgoingMessage} from './build-digest-message.js'
import type {DkimSettings} from './dkim-settings.js'
import {rawDigestMessage} from './raw-digest-message.js'

/** Sends messages; the only face of nodemailer the rest of pressroom sees, so a send can be tested against any server. */
export interface MailTransport {
  /** Connect and greet (and log in) once; throws `SMTP_UNREACHABLE` when the server cannot be used. */
  verify(): Promise<void>
  /** Hand one message over; resolves with the server's reply line. */
  send(message: OutgoingMessage): Promise<string>
  close(): void
}

/**
 * How a failed handoff should be treated: retried later, recorded as failed, or the server taken for gone. A lost
 * connection is `maybeDelivered` unless it failed before any message could travel (refused, no such host): a drop
 * after DATA and before the `250` leaves the server holding a message it may deliver.
 */
export type SmtpFailure = {kind: 'transient' | 'permanent'; reply: string} | {kind: 'connection'; reply: string; maybeDelivered: boolean}

// Socket and nodemailer codes of failures that happen before a message can be on the wire.
const nothingSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EDNS', 'EAUTH', 'ETLS'])

/** Parse `SMTP_URL`, refusing anything but smtp:// or smtps:// with a host. */
export function parseSmtpUrl(smtpUrl: string): URL {
  let url: URL
  try {
    url = new URL(smtpUrl)
  } catch {
    throw new PressroomError('SMTP_URL_INVALID', 'Could not read `SMTP_URL`: expected smtp://user:pass@host:port', {
      hint: 'Set SMTP_URL in the environment, e.g. smtp://localhost:2525 or smtps://user:pass@mail.example.com:465'
    })
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new PressroomError('SMTP_URL_INVALID', `Unexpected \`SMTP_URL\` ${maskSmtpUrl(smtpUrl)}, expected smtp://user:pass@host:port or smtps://…`, {
      hint: 'Set SMTP_URL in the environment, e.g. smtp://localhost:2525'
    })
  }
  return url
}

/** The URL with its password replaced, fit for a log line. */
export function maskSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl)
    if (url.password) url.password = '****'
    return url.toString()
  } catch {
    return '(unreadable SMTP_URL)'
  }
}

// Parts encoded once per digest go out in one raw buffer; without them nodemailer composes the message itself.
function mailOptions(message: OutgoingMessage) {
  if (message.parts) return rawDigestMessage(message, message.parts)
  return {
    from: message.from,
    replyTo: message.replyTo,
    to: {name: message.to.name, address: message.to.address},
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers,
    date: message.date,
    baseBoundary: message.baseBoundary,
    // The nested array keeps both URLs in ONE List-Unsubscribe header; a flat array would emit two.
    list: {id: {url: message.listId.id, comment: message.listId.comment}, unsubscribe: [[message.unsubscribe.url, message.unsubscribe.mailto]]}
  }
}

function dkimOptions(dkim: DkimSettings | undefined) {
  return dkim && {domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey, headerFieldNames: dkim.headerFieldNames}
}

/** A pooled SMTP transport for `SMTP_URL`; `maxConnections` messages are in flight at most. */
export function createMailTransport(smtpUrl: string, options: {maxConnections: number; dkim?: DkimSettings}): MailTransport {
  const url = parseSmtpUrl(smtpUrl)
  const transporter = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? {user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password)} : undefined,
    maxConnections: options.maxConnections,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    dkim: dkimOptions(options.dkim)
  })
  return {
    async verify() {
      try {
        await transporter.verify()
      } catch (error) {
        throw new PressroomError('SMTP_UNREACHABLE', `Could not use the SMTP server ${maskSmtpUrl(smtpUrl)}: ${oneLine(error)}`, {
          hint: 'Check that the server is up and SMTP_URL (host, port, user, password) is right; nothing was sent',
          cause: error
        })
      }
    },
    async send(message) {
      const info = await transporter.sendMail(mailOptions(message))
      return String(info.response ?? '')
    },
    close: () => transporter.close()
  }
}

/** Classify a handoff error: 4xx is retried, 5xx fails the recipient, anything else means the server is gone. */
export function classifySmtpError(error: unknown): SmtpFailure {
  const detail = error as {responseCode?: number; response?: string; code?: string; originalCode?: string}
  const reply = oneLine(detail.response ?? error)
  if (typeof detail.responseCode === 'number' && detail.responseCode >= 400 && detail.responseCode < 500 && detail.responseCode !== 421) {
    return {kind: 'transient', reply}
  }
  if (typeof detail.responseCode === 'number' && detail.responseCode >= 500) return {kind: 'permanent', reply}
  // 421 is the server closing the channel: like a dropped connection, nothing about this recipient is known, but a
  // reply came, so the server did not take the message.
  const maybeDelivered = typeof detail.responseCode !== 'number' && !nothingSent.has(detail.originalCode ?? '') && !nothingSent.has(detail.code ?? '')
  return {kind: 'connection', reply, maybeDelivered}
}

function oneLine(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value)
  return text.replace(/\s+/g, ' ').trim()
}

/** The raw RFC 5322 message, for `--dry-run` `.eml` files and the preview: no server involved. */
export async function composeRawMessage(message: OutgoingMessage, dkim?: DkimSettings): Promise<Buffer> {
  const transporter = nodemailer.createTransport({streamTransport: true, buffer: true, newline: 'windows', dkim: dkimOptions(dkim)})
  const info = await transporter.sendMail(mailOptions(message))
  return info.message as Buffer
}
