import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import {PressroomError} from '../report/pressroom-error.js'
import {claimNext, digestStatus, finishDigest, inFlightSends, markFailed, markPending, markSending, markSent, markSentAndClaimNext, markSkipped, type Digest, type Send} from '../store/digest-store.js'
import type {Db} from '../store/open-store.js'
import {buildDigestMessage, unsubscribeUrl, type OutgoingMessage} from './build-digest-message.js'
import {releasesForTags, type ComposeDigest} from './compose-digest.js'
import {classifySmtpError, type MailTransport} from './mail-transport.js'
import {createRateLimiter} from './rate-limiter.js'
import type {SendProgress} from './send-progress.js'

/** Everything one send run needs; the transport, clock and delays are injected so tests run against any server, fast. */
export interface SendDigestOptions {
  db: Db
  config: Config
  digest: Digest
  /** The digest's releases, newest first. */
  releases: readonly Release[]
  /** The digest's releases still published, asked before each message; default: `releases` throughout. */
  currentReleases?: () => readonly Release[] | Promise<readonly Release[]>
  compose: ComposeDigest
  transport: MailTransport
  /** Signs each recipient's unsubscribe token. */
  token(subscriberId: number): string
  /** Messages in flight at once: the pool's connection count. */
  concurrency: number
  /** Messages per second, all workers together. */
  rate?: number
  /** Waits between attempts after a 4xx reply; its length bounds the retries. */
  retryDelays?: readonly number[]
  sleep?: (ms: number) => Promise<void>
  progress: SendProgress
  /** Aborted on Ctrl-C: no new handoff starts, the ones in flight finish, so stopping never duplicates a message. */
  stop?: AbortSignal
}

/** The end of a run: counts for the whole digest, not only this run. */
export interface SendSummary {
  digestId: number
  sent: number
  failed: {email: string; reply: string}[]
  skipped: number
  /** Addresses re-sent because their handoff was in flight when an earlier run died. */
  resent: string[]
  /** True when `stop` ended the run early; the rest stay pending for the next run. */
  stopped: boolean
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Send a created digest to its frozen recipients, each exactly once: every state change is written (synchronously)
 * before and after the SMTP handoff, so a run killed at any point can be resumed by running it again.
 */
export async function sendDigest(options: SendDigestOptions): Promise<SendSummary> {
  const {db, digest, progress} = options
  const sleep = options.sleep ?? defaultSleep
  const retryDelays = options.retryDelays ?? [1000, 2000, 4000]
  await options.transport.verify()
  // Rows still `sending` were handed to SMTP when a run died: whether the server took them is unknown, so they go
  // again under the same Message-ID and the receiving side can drop the copy.
  const resent = inFlightSends(db, digest.id).map((send) => {
    progress.log(`pressroom: re-sending digest ${digest.id} to ${send.email} (${send.messageId}): its handoff was in flight at the crash`)
    markPending(db, digest.id, send.subscriberId, 'in flight at the crash')
    return send.email
  })
  const start = digestStatus(db, digest.id)?.counts
  const counts = {sent: start?.sent ?? 0, failed: start?.failed ?? 0, skipped: start?.skipped ?? 0}
  const waitForSlot = createRateLimiter(options.rate, sleep)
  let lost: string | undefined
  let broken: unknown

  // Returns the message, or undefined when this recipient gets none (unsubscribed meanwhile, or nothing matches).
  const prepare = async (send: Send): Promise<OutgoingMessage | undefined> => {
    const current = options.currentReleases?.() ?? options.releases
    const releases = releasesForTags(current instanceof Promise ? await current : current, send.tags)
    if (send.subscriberStatus !== 'active' || releases.length === 0) {
      const unpublished = releases.length === 0 && releasesForTags(options.releases, send.tags).length > 0
      markSkipped(db, digest.id, send.subscriberId, send.subscriberStatus !== 'active' ? `subscriber is ${send.subscriberStatus}` : unpublished ? 'its releases are no longer published' : 'no release shares a tag')
      counts.skipped++
      return undefined
    }
    const token = options.token(send.subscriberId)
    return buildDigestMessage({
      config: options.config,
      content: await options.compose(releases, unsubscribeUrl(options.config, token)),
      to: {name: send.name, address: send.email},
      messageId: send.messageId,
      token
    })
  }

  const stopping = () => lost !== undefined || broken !== undefined || options.stop?.aborted === true
  // Under --rate the next claim waits for its slot, so it is not taken early with this send's record.
  const chain = options.rate === undefined || options.rate <= 0

  // Resolves to the worker's next recipient when it was claimed in the same commit as this one's `sent`.
  const handOver = async (send: Send, message: OutgoingMessage): Promise<Send | undefined> => {
    for (let attempt = 0; ; attempt++) {
      let reply: string
      try {
        reply = await options.transport.send(message)
      } catch (error) {
        const failure = classifySmtpError(error)
        const delay = retryDelays[attempt]
        if (failure.kind === 'connection') {
          markPending(db, digest.id, send.subscriberId, failure.reply)
          lost ??= failure.reply
          return undefined
        }
        if (failure.kind === 'permanent' || delay === undefined) {
          const reply = failure.kind === 'transient' ? `${failure.reply} (gave up after ${attempt + 1} attempts)` : failure.reply
          markFailed(db, digest.id, send.subscriberId, reply)
          counts.failed++
          return undefined
        }
        progress.log(`pressroom: ${send.email}: ${failure.reply}; retrying in ${delay} ms (attempt ${attempt + 2} of ${retryDelays.length + 1})`)
        await sleep(delay)
        markSending(db, digest.id, send.subscriberId)
        continue
      }
      // Outside the try: the server took the message, so a database error here must not pass for a lost connection
      // and put the row back in the queue; it stays `sending` and is re-sent under its id.
      let next: Send | undefined
      if (chain && !stopping()) next = markSentAndClaimNext(db, digest.id, send.subscriberId, reply)
      else markSent(db, digest.id, send.subscriberId, reply)
      counts.sent++
      return next
    }
  }

  const worker = async () => {
    let send: Send | undefined
    // Each pass sends to one claimed row, so the loop ends when the frozen list is used up.
    for (;;) {
      if (stopping()) {
        // Claimed with the last send's record but never handed over: back in the queue, not taken for a crash.
        if (send) markPending(db, digest.id, send.subscriberId, 'run stopped before the handoff')
        return
      }
      if (!send) {
        await waitForSlot()
        if (stopping()) return
        send = claimNext(db, digest.id)
        if (!send) return
      }
      let message: OutgoingMessage | undefined
      try {
        message = await prepare(send)
      } catch (error) {
        // The message could not be built (a control character in a title): nothing went out, so it waits for a fix.
        markPending(db, digest.id, send.subscriberId, 'run stopped before the handoff')
        broken = error
        return
      }
      try {
        send = message ? await handOver(send, message) : undefined
      } catch (error) {
        // Not an SMTP reply (the database failed after the handoff?): the row stays `sending`, re-sent under its id.
        broken = error
        return
      }
      if (lost === undefined) progress.step(counts)
    }
  }
  await Promise.all(Array.from({length: Math.max(1, options.concurrency)}, worker))
  progress.end()
  if (broken !== undefined) throw broken
  if (lost !== undefined) {
    throw new PressroomError('SMTP_UNREACHABLE', `Lost the SMTP server during digest ${digest.id} (${lost}); ${counts.sent} sent so far, the rest are still pending`, {
      hint: 'Run the same command again when the server is back: it resumes where it stopped'
    })
  }
  finishDigest(db, digest.id)
  const status = digestStatus(db, digest.id)
  const stopped = status?.digest.status !== 'done'
  return {digestId: digest.id, sent: status?.counts.sent ?? 0, failed: status?.failed ?? [], skipped: status?.counts.skipped ?? 0, resent, stopped}
}
