import {createRequire} from 'node:module'
import nodemailer from 'nodemailer'
import {PressroomError} from '../report/pressroom-error.js'
import type {OutgoingMessage} from './build-digest-message.js'
import type {DkimSettings} from './dkim-settings.js'
import {rawDigestMessage} from './raw-digest-message.js'

/** AWS credentials as the standard environment gives them; absent, the SDK's own chain (profile, role) is used. */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Which way messages leave: an SMTP server (`SMTP_URL`, a local Postfix relay included) or Amazon SES v2. */
export type MailSettings =
  | {kind: 'smtp'; smtpUrl: string}
  | {kind: 'ses'; region: string; endpoint?: string; credentials?: AwsCredentials}

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

/**
 * The transport the settings name: the SMTP pool, or nodemailer's SES transport over the SES v2 API. The AWS SDK is
 * loaded only for SES, so an SMTP send never pays for it; a message goes to SES as the same raw bytes (headers, DKIM
 * signature and all) that SMTP would carry.
 */
export async function openMailTransport(settings: MailSettings, options: {maxConnections: number; dkim?: DkimSettings}): Promise<MailTransport> {
  if (settings.kind === 'smtp') return createMailTransport(settings.smtpUrl, options)
  // Required, not imported: the bundled CLI runs as a script, where import() of a package it leaves outside fails.
  const {SESv2Client, SendEmailCommand} = createRequire(import.meta.url)('@aws-sdk/client-sesv2') as typeof import('@aws-sdk/client-sesv2')
  const sesClient = withoutNodeVersionWarning(() => new SESv2Client({
    region: settings.region,
    ...(settings.endpoint ? {endpoint: settings.endpoint} : {}),
    ...(settings.credentials ? {credentials: settings.credentials} : {}),
    // One attempt: the send loop retries throttling itself, counted and logged like an SMTP 4xx.
    maxAttempts: 1
  }))
  const transporter = nodemailer.createTransport({SES: {sesClient, SendEmailCommand}, dkim: dkimOptions(options.dkim)})
  return {
    async verify() {
      // Resolving the credentials fails early without a message being sent; SES itself is reached by the first send.
      try {
        await sesClient.config.credentials()
      } catch (error) {
        throw new PressroomError('SMTP_UNREACHABLE', `Could not find AWS credentials for Amazon SES (${settings.region}): ${oneLine(error)}`, {
          hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where an instance or task role applies; nothing was sent',
          cause: error
        })
      }
    },
    async send(message) {
      const info = await transporter.sendMail(mailOptions(message))
      return String(info.response ?? '')
    },
    close: () => {
      transporter.close()
      sesClient.destroy()
    }
  }
}

// The SDK warns on Node 20 that its releases after January 2027 need Node 22; pressroom supports Node 20 and pins the
// SDK, so the warning would only add lines to every scheduled send's output (and to cron's mail). Others still pass.
function withoutNodeVersionWarning<T>(create: () => T): T {
  const emit = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning instanceof Error ? warning.message : warning).startsWith('NodeVersionSupportWarning')) return
    ;(emit as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return create()
  } finally {
    process.emitWarning = emit
  }
}

// SES API errors by name: throttling is retried like a 4xx; a paused or suspended account refuses everyone, like a
// server that is gone; anything else about one message fails that recipient like a 5xx.
const sesTransient = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException', 'InternalFailure', 'ServiceUnavailable'])
const sesRefusingAll = new Set(['AccountSuspendedException', 'SendingPausedException', 'MailFromDomainNotVerifiedException', 'UnrecognizedClientException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'AccessDeniedException'])

/** Classify a handoff error: 4xx is retried, 5xx fails the recipient, anything else means the server is gone. */
export function classifySmtpError(error: unknown): SmtpFailure {
  const detail = error as {responseCode?: number; response?: string; code?: string; originalCode?: string; name?: string; $metadata?: {httpStatusCode?: number}}
  const reply = oneLine(detail.response ?? error)
  const httpStatus = detail.$metadata?.httpStatusCode
  if (httpStatus !== undefined) {
    const name = detail.name ?? ''
    const said = `${name} (HTTP ${httpStatus}): ${reply}`
    if (sesRefusingAll.has(name) || httpStatus === 401 || httpStatus === 403) return {kind: 'connection', reply: said, maybeDelivered: false}
    if (sesTransient.has(name) || httpStatus === 429 || httpStatus >= 500) return {kind: 'transient', reply: said}
    return {kind: 'permanent', reply: said}
  }
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
