import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {controlCharacterProblem} from '../store/validate-subscriber.js'
import type {DigestContent} from './compose-digest.js'

/** A message as our transport module takes it: plain data, so nothing outside that module touches nodemailer. */
export interface OutgoingMessage {
  from: string
  replyTo: string | undefined
  to: {name: string; address: string}
  subject: string
  text: string
  html: string
  /** `text` and `html` as finished MIME parts, sent in their place when given (see DigestContent). */
  parts?: {text: string; html: string}
  /** With angle brackets: `<digest-7.42@newsroom.example.com>`. */
  messageId: string
  listId: {id: string; comment: string}
  /** The https one-click URL and the mailto, which must travel in ONE List-Unsubscribe header. */
  unsubscribe: {url: string; mailto: string}
  headers: Record<string, string>
  /** Fixed only for the preview, whose bytes must not change between identical builds. */
  date?: Date
  baseBoundary?: string
}

/** The host of the site, which names Message-IDs and the default List-Id. */
export function siteHost(config: Config): string {
  return new URL(config.baseUrl).hostname
}

/** The list identifier of the digest (`listId` in config, else `digest.<site host>`). */
export function listIdOf(config: Config): string {
  return config.email?.listId ?? `digest.${siteHost(config)}`
}

/** The one-click unsubscribe URL: on the subscription server's origin when configured, else the site's. */
export function unsubscribeUrl(config: Config, token: string): string {
  const origin = config.subscribeUrl ? new URL(config.subscribeUrl).origin : config.baseUrl
  return `${origin}/unsubscribe?token=${encodeURIComponent(token)}`
}

/** A subscriber's preference page (`pressroom serve`), on the same origin as the unsubscribe link. */
export function preferencesUrl(config: Config, token: string): string {
  const origin = config.subscribeUrl ? new URL(config.subscribeUrl).origin : config.baseUrl
  return `${origin}/preferences?token=${encodeURIComponent(token)}`
}

/** The bare address of a `Name <address>` mailbox. */
export function mailboxAddress(mailbox: string): string {
  return /<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox.trim()
}

/**
 * The From mailbox of digests and alerts: `email.from` as configured, or a bare address given the newsroom's title as
 * its display name, since the subject no longer carries the newsroom's name.
 */
export function fromMailbox(configured: string, title: string): string {
  const from = configured.trim()
  if (/<[^<>]+>\s*$/.test(from)) return from
  return `"${title.replace(/[\\"]/g, (character) => `\\${character}`)}" <${from}>`
}

function headerSafe(value: string, what: string): string {
  const problem = controlCharacterProblem(value, what)
  if (problem) throw new PressroomError('DIGEST_INVALID', problem, {hint: 'Remove the line break or control character; header fields are one line'})
  return value
}

/** Put one subscriber's digest in a message with every header the issue asks for; refuses header injection. */
export function buildDigestMessage(input: {
  config: Config
  content: DigestContent
  to: {name: string; address: string}
  messageId: string
  token: string
}): OutgoingMessage {
  const {config, content, to, token} = input
  if (!config.email) {
    throw new PressroomError('CONFIG_INVALID', 'Missing `email` in the config, expected at least `email.from`', {
      hint: 'Add "email": {"from": "Newsroom <news@example.com>"} to the config'
    })
  }
  const replyTo = config.email.replyTo
  const mailbox = mailboxAddress(replyTo ?? config.email.from)
  return {
    from: headerSafe(fromMailbox(config.email.from, config.title), 'email.from'),
    replyTo: replyTo === undefined ? undefined : headerSafe(replyTo, 'email.replyTo'),
    to: {name: headerSafe(to.name, 'the subscriber name'), address: headerSafe(to.address, 'the subscriber address')},
    subject: headerSafe(content.subject, 'the subject'),
    // Read from the content on use (see the composer): sending takes `parts`.
    get text() {
      return content.text
    },
    get html() {
      return content.html
    },
    parts: content.parts,
    messageId: input.messageId,
    listId: {id: headerSafe(listIdOf(config), 'email.listId'), comment: headerSafe(config.title, 'title')},
    unsubscribe: {url: unsubscribeUrl(config, token), mailto: `mailto:${mailbox}?subject=unsubscribe&body=${encodeURIComponent(token)}`},
    // Set as a plain header: nodemailer's `list` option would turn the value into a <http://...> URL.
    headers: {'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'}
  }
}
