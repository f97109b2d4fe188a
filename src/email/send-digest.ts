import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import {PressroomError} from '../report/pressroom-error.js'
import {digestStatus, finishDigest, inFlightSends, markFailed, markPending, markResend, markSending, markSent, markSentAndClaimNext, markSkipped, type Digest, type Send} from '../store/digest-store.js'
import type {Db} from '../store/open-store.js'
import {buildDigestMessage, preferencesUrl, unsubscribeUrl, type OutgoingMessage} from './build-digest-message.js'
import {releasesForTags, type ComposeDigest} from './compose-digest.js'
import {classifySmtpError, type MailTransport, type SmtpFailure} from './mail-transport.js'
import {createRateLimiter} from './rate-limiter.js'
import {createRefusalStreak} from './refusal-streak.js'
import type {SendProgress} from './send-progress.js'
import {createSendQueue, type SendClaims} from './send-queue.js'

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
  /** Which of the releases one recipient gets; default: those sharing a tag (all, for a subscriber with none). */
  releasesFor?: (releases: readonly Release[], send: Send) => Release[]
  transport: MailTransport
  /** Signs each recipient's unsubscribe token. */
  token(subscriberId: number): string
  /** Signs each recipient's preference-page token; without it the manage link leads to the sign-up page. */
  manageToken?(subscriberId: number): string
  /** Messages in flight at once: the pool's connection count. */
  concurrency: number
  /** Messages per second, all workers together. */
  rate?: number
  /** Waits between attempts after a 4xx reply; its length bounds the retries. */
  retryDelays?: readonly number[]
  /** Refused attempts in a row, with the same class of reply, that mean the server refuses everyone (default 5). */
  outageAfter?: number
  /** Pauses while the server refuses everyone or is gone, each followed by one trial message; their length bounds the wait. */
  outageDelays?: readonly number[]
  /** Waits; `signal` cuts a wait short (the default does; a test's may ignore it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  progress: SendProgress
  /** Aborted on Ctrl-C: no new handoff starts, the ones in flight finish, so stopping never duplicates a message. */
  stop?: AbortSignal
  /** Share the send with senders on other hosts by claims with a lease (PostgreSQL); without, this run is alone. */
  claims?: SendClaims
}

/** The end of a run: counts for the whole digest, not only this run. */
export interface SendSummary {
  digestId: number
  sent: number
  failed: {email: string; reply: string}[]
  skipped: number
  /** Addresses sent again in this run, marked as possible duplicates: an earlier handoff's outcome was unknown. */
  resent: string[]
  /** True when `stop` ended the run early; the rest stay pending for the next run. */
  stopped: boolean
}

/** The header that marks a copy which may already have arrived under the same Message-ID. */
export const possibleDuplicateHeader = 'X-Possible-Duplicate'

// A pause during an outage can last a minute: Ctrl-C ends it at once rather than after it, and leaves no timer behind.
const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, {once: true})
  })

/**
 * Send a created digest to its frozen recipients, each exactly once: every state change is written (synchronously)
 * before and after the SMTP handoff, so a run killed at any point can be resumed by running it again. When the server
 * refuses everyone or goes away, the run pauses with backoff and, if it does not come back, stops with those
 * recipients still pending rather than failing them.
 */
export async function sendDigest(options: SendDigestOptions): Promise<SendSummary> {
  const {db, digest, progress} = options
  const releasesFor = options.releasesFor ?? ((releases: readonly Release[], send: Send) => releasesForTags(releases, send.tags))
  const sleep = options.sleep ?? defaultSleep
  const retryDelays = options.retryDelays ?? [1000, 2000, 4000]
  const outageDelays = options.outageDelays ?? [2_000, 4_000, 8_000, 16_000, 32_000, 60_000]
  await options.transport.verify()
  // Rows still `sending` were handed to SMTP when a run died: whether the server took them is unknown, so they go
  // again under the same Message-ID, marked, and the receiving side can drop the copy. With claims, a row `sending`
  // may be another live sender's: it is taken over only when its claim ends (see claimSends).
  for (const send of options.claims ? [] : await inFlightSends(db, digest.id)) {
    progress.log(`pressroom: re-sending digest ${digest.id} to ${send.email} (${send.messageId}): its handoff was in flight at the crash`)
    await markResend(db, digest.id, send.subscriberId, 'in flight at the crash')
  }
  const queue = createSendQueue(db, digest.id, options.claims, options.concurrency, progress.log)
  const {mine} = queue
  const resent = new Set<string>()
  const start = (await digestStatus(db, digest.id))?.counts
  const counts = {sent: start?.sent ?? 0, failed: start?.failed ?? 0, skipped: start?.skipped ?? 0}
  const waitForSlot = createRateLimiter(options.rate, sleep)
  const streak = createRefusalStreak(Math.max(1, options.outageAfter ?? 5))
  // Recipients of this run marked failed, so a streak that turns out server-wide can take their failure back.
  const failedHere = new Set<number>()
  let outage: Promise<void> | undefined
  // Set from the start of an outage until a trial message is taken: a refusal meanwhile says nothing of its recipient,
  // even one that arrives after a pause ended with the run stopping.
  let trouble: SmtpFailure | undefined
  let gaveUp: SmtpFailure | undefined
  let broken: unknown

  // Returns the message, or undefined when this recipient gets none (unsubscribed meanwhile, or nothing matches).
  const prepare = async (send: Send): Promise<OutgoingMessage | undefined> => {
    const current = options.currentReleases?.() ?? options.releases
    const releases = releasesFor(current instanceof Promise ? await current : current, send)
    if (send.subscriberStatus !== 'active' || releases.length === 0) {
      const unpublished = releases.length === 0 && releasesFor(options.releases, send).length > 0
      await markSkipped(db, digest.id, send.subscriberId, send.subscriberStatus !== 'active' ? `subscriber is ${send.subscriberStatus}` : unpublished ? 'its releases are no longer published' : 'no release shares a tag', mine)
      counts.skipped++
      return undefined
    }
    const token = options.token(send.subscriberId)
    const message = buildDigestMessage({
      config: options.config,
      content: await options.compose(releases, unsubscribeUrl(options.config, token), options.manageToken && preferencesUrl(options.config, options.manageToken(send.subscriberId))),
      to: {name: send.name, address: send.email},
      messageId: send.messageId,
      token
    })
    if (send.resends > 0) {
      resent.add(send.email)
      message.headers = {...message.headers, [possibleDuplicateHeader]: 'yes'}
    }
    return message
  }

  // A message that could not be built: nothing went out, so its recipient waits, pending, for a fix, and the run stops.
  const held = Symbol('held')
  const prepareOrHold = async (send: Send): Promise<OutgoingMessage | undefined | typeof held> => {
    try {
      return await prepare(send)
    } catch (error) {
      await markPending(db, digest.id, send.subscriberId, 'run stopped before the handoff', mine)
      broken = error
      return held
    }
  }

  const stopping = () => gaveUp !== undefined || broken !== undefined || options.stop?.aborted === true
  // Under --rate the next claim waits for its slot, so it is not taken early with this send's record.
  // Senders sharing a send claim in batches instead.
  const chain = !options.claims && (options.rate === undefined || options.rate <= 0)

  // Back in the queue, nothing known about this recipient; a message the server may hold goes again marked.
  const putBack = async (send: Send, failure: SmtpFailure) => {
    if (failure.kind === 'connection' && failure.maybeDelivered) {
      progress.log(`pressroom: re-sending digest ${digest.id} to ${send.email} (${send.messageId}) as a possible duplicate: the connection dropped before the server's reply (${failure.reply})`)
      await markResend(db, digest.id, send.subscriberId, failure.reply, mine)
    } else {
      await markPending(db, digest.id, send.subscriberId, failure.reply, mine)
    }
  }

  // One trial message after a pause, to a recipient the server has not refused yet: the failure when the server still
  // refuses it. With no such recipient left (`untried`), the refused ones are judged one by one.
  const probe = async (): Promise<SmtpFailure | 'accepted' | 'untried'> => {
    // Each pass claims one row and sends it or skips it, so the loop ends by the frozen list's length.
    for (;;) {
      const send = await queue.take(streak.excused)
      if (!send) return 'untried'
      const message = await prepareOrHold(send)
      if (message === held) return 'untried'
      if (!message) continue
      try {
        await markSent(db, digest.id, send.subscriberId, await options.transport.send(message), mine)
      } catch (error) {
        const failure = classifySmtpError(error)
        await putBack(send, failure)
        return failure
      }
      counts.sent++
      progress.step(counts)
      return 'accepted'
    }
  }

  const pause = async (first: SmtpFailure) => {
    let failure = first
    for (const [index, delay] of outageDelays.entries()) {
      const what = failure.kind === 'connection' ? `is unreachable (${failure.reply})` : `refuses every recipient (${failure.reply})`
      progress.log(`pressroom: the SMTP server ${what}; pausing ${delay} ms before one trial message (pause ${index + 1} of ${outageDelays.length})`)
      await sleep(delay, options.stop)
      if (stopping()) return
      const outcome = await probe()
      if (outcome === 'accepted' || outcome === 'untried') trouble = undefined
      if (outcome === 'accepted') return progress.log('pressroom: the SMTP server accepts mail again; sending goes on')
      if (outcome === 'untried') return progress.log('pressroom: no other recipient is left to try; the refused ones go again, each judged alone')
      failure = outcome
    }
    gaveUp = failure
  }

  // The server, not this recipient, is the trouble: whatever this run marked failed in the streak goes back too.
  const startOutage = async (failure: SmtpFailure, streakOf: readonly number[]) => {
    // The run's own state first, before any store write yields to the other workers: they must see the outage.
    const back = streakOf.filter((id) => failedHere.delete(id))
    counts.failed -= back.length
    if (failure.kind !== 'connection') streak.excuse(streakOf)
    trouble ??= failure
    outage ??= pause(failure).finally(() => (outage = undefined))
    for (const id of back) await markPending(db, digest.id, id, failure.reply, mine)
  }

  // Resolves to the worker's next recipient when it was claimed in the same commit as this one's `sent`, and whether
  // this recipient is done (sent or failed) rather than back in the queue.
  const handOver = async (send: Send, message: OutgoingMessage): Promise<{next?: Send; done: boolean}> => {
    for (let attempt = 0; ; attempt++) {
      let reply: string
      try {
        reply = await options.transport.send(message)
      } catch (error) {
        const failure = classifySmtpError(error)
        if (failure.kind === 'connection' || trouble !== undefined) {
          await putBack(send, failure)
          await startOutage(failure, [])
          return {done: false}
        }
        const streakOf = streak.refused(send.subscriberId, failure)
        if (streakOf) {
          await putBack(send, failure)
          await startOutage(failure, streakOf)
          return {done: false}
        }
        const delay = retryDelays[attempt]
        if (failure.kind === 'permanent' || delay === undefined) {
          const reply = failure.kind === 'transient' ? `${failure.reply} (gave up after ${attempt + 1} attempts)` : failure.reply
          await markFailed(db, digest.id, send.subscriberId, reply, mine)
          failedHere.add(send.subscriberId)
          counts.failed++
          return {done: true}
        }
        progress.log(`pressroom: ${send.email}: ${failure.reply}; retrying in ${delay} ms (attempt ${attempt + 2} of ${retryDelays.length + 1})`)
        await sleep(delay)
        if (trouble !== undefined || stopping()) {
          await markPending(db, digest.id, send.subscriberId, failure.reply, mine)
          return {done: false}
        }
        // Another sender took the row over while this one waited: it is theirs to send.
        if (!(await markSending(db, digest.id, send.subscriberId, mine))) return {done: false}
        continue
      }
      streak.accepted()
      // Outside the try: the server took the message, so a database error here must not pass for a lost connection
      // and put the row back in the queue; it stays `sending` and is re-sent under its id.
      let next: Send | undefined
      if (chain && !stopping() && outage === undefined) next = await markSentAndClaimNext(db, digest.id, send.subscriberId, reply)
      else if (!(await markSent(db, digest.id, send.subscriberId, reply, mine))) {
        progress.log(`pressroom: ${send.email}: the server took the message after this sender's claim ran out; the sender that took it over sends it again under the same Message-ID (${send.messageId})`)
        return {done: false}
      }
      counts.sent++
      return {next, done: true}
    }
  }

  const worker = async () => {
    let send: Send | undefined
    // Each pass sends to one claimed row, so the loop ends when the frozen list is used up or the run stops.
    for (;;) {
      // Each pause ends (accepted, or given up after its bounded waits), so this wait does too.
      while (outage !== undefined) await outage
      if (stopping()) {
        // Claimed with the last send's record but never handed over: back in the queue, not taken for a crash.
        if (send) await markPending(db, digest.id, send.subscriberId, 'run stopped before the handoff', mine)
        return
      }
      if (!send) {
        await waitForSlot()
        if (stopping() || outage !== undefined) continue
        send = await queue.take()
        // None free here: senders on other hosts may still hold some, taken over if their claims run out.
        if (!send && (await queue.waitForOthers(sleep, options.stop))) continue
        if (!send) return
      }
      const message = await prepareOrHold(send)
      if (message === held) return
      let done = true
      try {
        ;({next: send, done} = message ? await handOver(send, message) : {next: undefined, done: true})
      } catch (error) {
        // Not an SMTP reply (the database failed after the handoff?): the row stays `sending`, re-sent under its id.
        broken = error
        return
      }
      if (done) progress.step(counts)
    }
  }
  try {
    await Promise.all(Array.from({length: Math.max(1, options.concurrency)}, worker))
  } finally {
    await queue.close()
  }
  progress.end()
  if (broken !== undefined) throw broken
  if (gaveUp !== undefined) throw await outageError(db, digest.id, gaveUp, outageDelays)
  await finishDigest(db, digest.id)
  const status = await digestStatus(db, digest.id)
  const stopped = status?.digest.status !== 'done'
  return {digestId: digest.id, sent: status?.counts.sent ?? 0, failed: status?.failed ?? [], skipped: status?.counts.skipped ?? 0, resent: [...resent], stopped}
}

async function outageError(db: Db, digestId: number, failure: SmtpFailure, delays: readonly number[]): Promise<PressroomError> {
  const counts = (await digestStatus(db, digestId))?.counts
  const total = delays.reduce((sum, delay) => sum + delay, 0)
  const waited = total < 1000 ? `${total} ms` : `${Math.round(total / 1000)} s`
  const state = `${counts?.sent ?? 0} sent, ${(counts?.pending ?? 0) + (counts?.sending ?? 0)} still pending`
  const hint = 'Run `pressroom digest` again when the server takes mail: it resumes with the pending recipients'
  if (failure.kind === 'connection') {
    return new PressroomError('SMTP_UNREACHABLE', `Lost the SMTP server during digest ${digestId} (${failure.reply}) and it did not come back within ${waited}; ${state}`, {hint})
  }
  return new PressroomError('SMTP_REFUSING', `The SMTP server refused every recipient of digest ${digestId} (${failure.reply}) for ${waited} of pauses; ${state}, none marked failed`, {hint})
}
