import type {SoftBouncePolicy} from '../store/suppression-store.js'
import type {Store} from '../store/open-store.js'
import {applyDeliveryReport, type ReportOutcome} from './apply-delivery-report.js'
import type {DeliveryReport, NotAReport} from './parse-delivery-report.js'
import {isSnsUrl, verifySnsMessage, type FetchCertificate} from './verify-sns-message.js'

/** The answer to one POST of SNS: the HTTP status, and the log lines of what it did. */
export interface SnsAnswer {
  status: 200 | 400 | 403
  lines: string[]
}

interface SesNotification {
  notificationType?: string
  mail?: {commonHeaders?: {messageId?: string}}
  bounce?: {bounceType?: string; bouncedRecipients?: Array<{emailAddress?: string; status?: string; diagnosticCode?: string; action?: string}>}
  complaint?: {complaintFeedbackType?: string; complainedRecipients?: Array<{emailAddress?: string}>}
}

const bare = (address: string | undefined) => address?.trim().replace(/^.*<([^<>]+)>$/, '$1').toLowerCase() ?? ''

/**
 * An SES bounce or complaint notification as the report it stands for: a Permanent bounce is a failed 5.x.x DSN, a
 * Transient one a delayed 4.x.x; a complaint an ARF report of its feedback type (abuse when SES gives none). Our
 * Message-ID is the one in `mail.commonHeaders`, as we wrote it (SES's own ID is `mail.messageId`).
 */
export function sesReport(notification: SesNotification, snsMessageId: string): DeliveryReport | NotAReport {
  const originalMessageId = notification.mail?.commonHeaders?.messageId
  const base = {reportMessageId: `<${snsMessageId}@sns.amazonaws.com>`, originalMessageId, originalTo: undefined}
  if (notification.notificationType === 'Bounce') {
    const permanent = notification.bounce?.bounceType === 'Permanent'
    const recipients = (notification.bounce?.bouncedRecipients ?? []).map((entry) => ({
      recipient: bare(entry.emailAddress),
      action: permanent ? 'failed' : 'delayed',
      // The status SES quotes, when of the right class; else the class alone.
      status: /^[45]\.\d{1,3}\.\d{1,3}$/.test(entry.status ?? '') && entry.status!.startsWith(permanent ? '5' : '4') ? entry.status! : permanent ? '5.0.0' : '4.0.0',
      diagnostic: entry.diagnosticCode?.replace(/^smtp;\s*/i, '')
    })).filter((entry) => entry.recipient !== '')
    if (recipients.length === 0) return {problem: 'an SES bounce naming no recipient'}
    return {type: 'delivery-status', ...base, recipients}
  }
  if (notification.notificationType === 'Complaint') {
    const recipient = bare(notification.complaint?.complainedRecipients?.[0]?.emailAddress)
    return {type: 'feedback-report', ...base, feedbackType: notification.complaint?.complaintFeedbackType?.toLowerCase() ?? 'abuse', recipient: recipient || undefined}
  }
  return {problem: `an SES notification of type ${notification.notificationType ?? 'none'}, not a bounce or complaint`}
}

/**
 * Take one POST from SNS: verify its signature, confirm a subscription (by visiting its SubscribeURL, on an SNS host
 * only), and record a bounce or complaint as `pressroom bounces read` would. A message that fails verification
 * changes nothing and is answered 403.
 */
export async function receiveSesNotification(body: string, context: {store: Store; policy: SoftBouncePolicy; now: number; fetchCertificate: FetchCertificate; confirm: (url: string) => Promise<void>}): Promise<SnsAnswer> {
  const verified = await verifySnsMessage(body, context.fetchCertificate)
  if ('problem' in verified) return {status: 403, lines: [`ignored: ${verified.problem}`]}
  const {message} = verified
  if (message.Type === 'SubscriptionConfirmation') {
    if (!isSnsUrl(message.SubscribeURL)) return {status: 400, lines: ['ignored: a subscription confirmation whose SubscribeURL is not on an SNS host']}
    await context.confirm(message.SubscribeURL as string)
    return {status: 200, lines: [`confirmed the subscription to ${message.TopicArn}`]}
  }
  if (message.Type === 'UnsubscribeConfirmation') return {status: 200, lines: [`unsubscribed from ${message.TopicArn}`]}
  let notification: SesNotification
  try {
    notification = JSON.parse(message.Message) as SesNotification
  } catch {
    return {status: 400, lines: ['ignored: the notification is not SES JSON']}
  }
  const outcomes: ReportOutcome[] = await applyDeliveryReport(context.store.db, sesReport(notification, message.MessageId), {
    source: `ses ${message.TopicArn}`, bytes: Buffer.from(body, 'utf8'), policy: context.policy, now: context.now
  })
  return {status: 200, lines: outcomes.map((outcome) => outcome.line)}
}
