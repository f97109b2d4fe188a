import {createHash} from 'node:crypto'
import {readCopyMessageId, verifyCopyMessageId} from '../email/copy-message-id.js'
import {findSentCopy, recordDeliveryEvent, type DeliveryEventKind, type SoftBouncePolicy} from '../store/suppression-store.js'
import type {Db} from '../store/db.js'
import type {DeliveryReport, NotAReport} from './parse-delivery-report.js'

/** What one report did, as one log line; `ignored` lines say why nothing changed. */
export interface ReportOutcome {
  effect: 'suppressed' | 'recorded' | 'duplicate' | 'ignored'
  line: string
}

/**
 * Match a parsed report to the send log and record what it says. Only a copy we sent, under the Message-ID the report
 * quotes, to the address the report names, counts: a report about a message we never sent, or naming another address,
 * changes nothing and says why. A complaint that names no address counts only when the Message-ID's MAC verifies
 * with `secret` (`PRESSROOM_SECRET`).
 */
export async function applyDeliveryReport(db: Db, report: DeliveryReport | NotAReport, context: {source: string; bytes: Buffer; policy: SoftBouncePolicy; now: number; secret?: string | undefined}): Promise<ReportOutcome[]> {
  const ignored = (why: string): ReportOutcome[] => [{effect: 'ignored', line: `ignored: ${why}`}]
  if ('problem' in report) return ignored(report.problem)
  const quoted = report.originalMessageId
  if (!quoted) return ignored(`the report quotes no Message-ID of the original message`)
  // Our Message-IDs name the send and the subscriber (see copy-message-id.ts), so a report is matched by primary key;
  // the whole ID must then equal the one on file, host and MAC included.
  const ids = readCopyMessageId(quoted)
  const copy = ids ? await findSentCopy(db, ids.digestId, ids.subscriberId) : undefined
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
    // The Message-ID alone then names the subscriber: only its MAC shows the report quotes a message it really saw.
    // Old sends' Message-IDs carry none and can be guessed from their numbers.
    if (named === undefined) {
      if (!ids?.mac) return ignored(`the complaint names no recipient, and ${quoted} is an old-form Message-ID without a MAC`)
      if (!context.secret) return ignored(`the complaint names no recipient, and without PRESSROOM_SECRET the MAC of ${quoted} cannot be checked`)
      if (!verifyCopyMessageId(quoted, context.secret)) return ignored(`the complaint names no recipient, and the MAC of ${quoted} does not verify`)
    }
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

