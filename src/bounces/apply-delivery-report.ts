import {createHash} from 'node:crypto'
import {findSentCopy, recordDeliveryEvent, type DeliveryEventKind, type SoftBouncePolicy} from '../store/suppression-store.js'
import type {Db} from '../store/db.js'
import type {DeliveryReport, NotAReport} from './parse-delivery-report.js'

/** What one report did, as one log line; `ignored` lines say why nothing changed. */
export interface ReportOutcome {
  effect: 'suppressed' | 'recorded' | 'duplicate' | 'ignored'
  line: string
}

// Our Message-IDs name the send and the subscriber (see build-digest-message.ts and send-alerts.ts), so a report is
// matched by primary key; the whole ID must then equal the one on file, host included.
const ourMessageId = /^<(?:digest|alert)-(\d+)\.(\d+)@[^<>\s]+>$/

/**
 * Match a parsed report to the send log and record what it says. Only a copy we sent, under the Message-ID the report
 * quotes, to the address the report names, counts: a report about a message we never sent, or naming another address,
 * changes nothing and says why.
 */
export async function applyDeliveryReport(db: Db, report: DeliveryReport | NotAReport, context: {source: string; bytes: Buffer; policy: SoftBouncePolicy; now: number}): Promise<ReportOutcome[]> {
  const ignored = (why: string): ReportOutcome[] => [{effect: 'ignored', line: `ignored: ${why}`}]
  if ('problem' in report) return ignored(report.problem)
  const quoted = report.originalMessageId
  if (!quoted) return ignored(`the report quotes no Message-ID of the original message`)
  const ids = ourMessageId.exec(quoted)
  const copy = ids ? await findSentCopy(db, Number(ids[1]), Number(ids[2])) : undefined
  if (!copy || copy.messageId !== quoted) return ignored(`${quoted} is no message we sent`)
  if (copy.state !== 'sent') return ignored(`${quoted} was never handed over (its send is ${copy.state})`)
  const reportId = report.reportMessageId ?? `sha256:${createHash('sha256').update(context.bytes).digest('hex')}`
  const record = async (kind: DeliveryEventKind, statusCode: string | undefined, diagnostic: string | undefined, what: string): Promise<ReportOutcome> => {
    const result = await recordDeliveryEvent(db, {
      kind, digestId: copy.digestId, subscriberId: copy.subscriberId, messageId: copy.messageId, reportMessageId: report.reportMessageId,
      statusCode, diagnostic, source: context.source, evidenceKey: `${reportId} ${copy.email} ${kind}`
    }, context.policy, context.now)
    const about = `${what} for ${copy.email} (${copy.kind === 'alert' ? 'alert' : 'digest'} ${copy.digestId})`
    if (result.outcome === 'duplicate') return {effect: 'duplicate', line: `${about}: already recorded from this report`}
    if (result.outcome === 'already-suppressed') return {effect: 'recorded', line: `${about}: recorded; the address was already suppressed`}
    const soft = result.softCount === undefined ? '' : ` (${result.softCount} soft bounces within ${Math.round(context.policy.windowMs / 86_400_000)} days, limit ${context.policy.limit})`
    if (result.outcome === 'suppressed') return {effect: 'suppressed', line: `${about}: suppressed${soft}`}
    return {effect: 'recorded', line: `${about}: recorded${soft}`}
  }
  if (report.type === 'feedback-report') {
    if (report.feedbackType !== 'abuse') return ignored(`a feedback report of type ${report.feedbackType}, not a complaint (abuse)`)
    // Mailbox providers may redact the recipient; the Message-ID then names the copy alone.
    const named = report.recipient ?? report.originalTo
    if (named !== undefined && named !== copy.email.toLowerCase()) return ignored(`the complaint names ${named}, but ${quoted} went to ${copy.email}`)
    return [await record('complaint', undefined, undefined, 'complaint')]
  }
  const outcomes: ReportOutcome[] = []
  for (const recipient of report.recipients) {
    if (recipient.recipient !== copy.email.toLowerCase()) {
      outcomes.push(...ignored(`the report names ${recipient.recipient}, but ${quoted} went to ${copy.email}`))
      continue
    }
    const kind = recipient.action === 'failed' && recipient.status.startsWith('5.') ? 'hard-bounce' : recipient.action === 'failed' || recipient.action === 'delayed' ? 'soft-bounce' : undefined
    if (!kind) {
      outcomes.push(...ignored(`${recipient.recipient}: Action ${recipient.action}, Status ${recipient.status}: not a failure`))
      continue
    }
    outcomes.push(await record(kind, recipient.status, recipient.diagnostic, `${kind === 'hard-bounce' ? 'hard' : 'soft'} bounce ${recipient.status}`))
  }
  return outcomes
}

