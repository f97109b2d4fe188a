// mailparser, imported here only: the wire-release import and the bounce reader both read whole messages with it.
import type {ParsedMail} from 'mailparser'

export type {ParsedMail} from 'mailparser'

/**
 * Parse one RFC 5322 message (transfer encodings and charsets decoded), without mailparser's own HTML and link
 * rewriting, which both callers would have to undo. `keepDeliveryStatus` keeps a DSN's machine part as an attachment.
 */
export async function parseMail(bytes: Buffer, options: {keepDeliveryStatus?: boolean} = {}): Promise<ParsedMail> {
  // Loaded on demand: a build never reads mail.
  const {simpleParser} = await import('mailparser')
  return simpleParser(bytes, {skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepDeliveryStatus: options.keepDeliveryStatus === true})
}
