import {parseMail, type ParsedMail} from '../parse-mail.js'

/** One recipient of a delivery status notification (RFC 3464), as its per-recipient fields say. */
export interface DsnRecipient {
  /** The address from `Final-Recipient` (else `Original-Recipient`), lowercased. */
  recipient: string
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded`. */
  action: string
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string
  diagnostic: string | undefined
}

/** A report read from a message: a bounce (RFC 3464) or a complaint (RFC 5965 ARF), with what names our message. */
export type DeliveryReport =
  | {type: 'delivery-status'; reportMessageId: string | undefined; originalMessageId: string | undefined; originalTo: string | undefined; recipients: DsnRecipient[]}
  | {type: 'feedback-report'; reportMessageId: string | undefined; originalMessageId: string | undefined; originalTo: string | undefined; feedbackType: string; recipient: string | undefined}

/** A message that is no report we can act on, and why, in words for the log line. */
export interface NotAReport {
  problem: string
}

/** Read a DSN or an ARF report from raw message bytes; anything else is `{problem}`, never an exception. */
export async function parseDeliveryReport(bytes: Buffer): Promise<DeliveryReport | NotAReport> {
  let mail: ParsedMail
  try {
    mail = await parseMail(bytes, {keepDeliveryStatus: true})
  } catch (error) {
    return {problem: `not a readable message (${(error as Error).message})`}
  }
  const contentType = mail.headers.get('content-type') as {value?: string; params?: Record<string, string>} | undefined
  const reportType = contentType?.params?.['report-type']?.toLowerCase()
  if (contentType?.value?.toLowerCase() !== 'multipart/report' || (reportType !== 'delivery-status' && reportType !== 'feedback-report')) {
    return {problem: `not a delivery or feedback report (Content-Type ${contentType?.value ?? 'missing'}${reportType ? `; report-type=${reportType}` : ''})`}
  }
  const partOf = (type: string) => mail.attachments.find((part) => part.contentType.toLowerCase() === type)?.content.toString('utf8')
  const original = originalHeaders(bytes, contentType.params?.boundary)
  const reportMessageId = mail.messageId
  if (reportType === 'delivery-status') {
    const status = partOf('message/delivery-status')
    if (status === undefined) return {problem: 'a delivery report without its message/delivery-status part'}
    const [, ...recipientBlocks] = fieldBlocks(status)
    const recipients = recipientBlocks.flatMap((fields): DsnRecipient[] => {
      const recipient = addressOf(fields.get('final-recipient') ?? fields.get('original-recipient'))
      const action = fields.get('action')?.toLowerCase()
      const code = /^[245]\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0]
      if (!recipient || !action || !code) return []
      return [{recipient, action, status: code, diagnostic: fields.get('diagnostic-code')?.replace(/^smtp;\s*/i, '')}]
    })
    if (recipients.length === 0) return {problem: 'a delivery report naming no recipient with an Action and a Status'}
    return {type: 'delivery-status', reportMessageId, ...original, recipients}
  }
  const feedback = partOf('message/feedback-report')
  if (feedback === undefined) return {problem: 'a feedback report without its message/feedback-report part'}
  const [fields] = fieldBlocks(feedback)
  const feedbackType = fields?.get('feedback-type')?.toLowerCase()
  if (!feedbackType) return {problem: 'a feedback report without a Feedback-Type'}
  return {type: 'feedback-report', reportMessageId, ...original, feedbackType, recipient: addressOf(fields?.get('original-rcpt-to'))}
}

/**
 * The groups of `Name: value` fields of a report part, split at blank lines: a DSN's first group is about the message,
 * each further one about a recipient. Names are lowercased; folded lines are joined.
 */
function fieldBlocks(text: string): Array<Map<string, string>> {
  return text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map((block) => {
    const fields = new Map<string, string>()
    for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line)
      if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.trim())
    }
    return fields
  }).filter((fields) => fields.size > 0)
}

// `rfc822; Reader@Example.org` or `<reader@example.org>` -> reader@example.org
function addressOf(field: string | undefined): string | undefined {
  const value = field?.replace(/^[a-z0-9-]+;\s*/i, '').trim().replace(/^<(.*)>$/, '$1').trim().toLowerCase()
  return value && /^[^\s@<>]+@[^\s@<>]+$/.test(value) ? value : undefined
}

/**
 * The Message-ID and To of the message the report is about, from its `message/rfc822` or `text/rfc822-headers` part.
 * mailparser shows an inline message/rfc822 as body text, losing its headers, so the top-level parts are split here.
 */
function originalHeaders(bytes: Buffer, boundary: string | undefined): {originalMessageId: string | undefined; originalTo: string | undefined} {
  const none = {originalMessageId: undefined, originalTo: undefined}
  if (!boundary) return none
  const text = bytes.toString('latin1').replace(/\r\n?/g, '\n')
  const delimiter = `\n--${boundary}`
  const parts = text.split(delimiter).slice(1)
  for (const part of parts) {
    if (part.startsWith('--')) break
    const split = part.indexOf('\n\n')
    if (split < 0) continue
    const head = unfold(part.slice(0, split))
    if (!/^content-type:\s*(message\/rfc822|text\/rfc822-headers)\b/im.test(head)) continue
    // Only the header block of the original is read; its body may be anything.
    const original = unfold(part.slice(split + 2).split('\n\n')[0] ?? '')
    const messageId = /^message-id:\s*(<[^<>\s]+>)/im.exec(original)?.[1]
    const to = /^to:\s*(.*)$/im.exec(original)?.[1]
    const address = to && /<?([^\s<>,@]+@[^\s<>,]+?)>?(?:[\s,]|$)/.exec(to)?.[1]
    return {originalMessageId: messageId, originalTo: address?.toLowerCase()}
  }
  return none
}

const unfold = (block: string) => block.replace(/\n[ \t]+/g, ' ')
