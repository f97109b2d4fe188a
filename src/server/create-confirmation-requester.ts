import type {Config} from '../config/config-schema.js'
import {listIdOf} from '../email/build-digest-message.js'
import type {MailTransport} from '../email/mail-transport.js'
import {signToken, tokenHash} from '../email/sign-token.js'
import type {Db} from '../store/open-store.js'
import {findSubscriber, noteConfirmationRequest, upsertSubscriber} from '../store/subscriber-store.js'
import type {ValidSubscriber} from '../store/validate-subscriber.js'
import {buildConfirmationMessage} from './build-confirmation-message.js'
import type {ServerPages} from './render-server-page.js'

/** Files sign-ups and mails their confirm links in the background; `drain` waits for mails still being handed over. */
export interface ConfirmationRequester {
  request(subscriber: ValidSubscriber): void
  drain(): Promise<void>
}

const day = 24 * 60 * 60 * 1000

/**
 * Create the background half of `POST /subscribe`. It runs after the answer went out, so neither the store write
 * (an fsync for a new address) nor the SMTP handoff makes the answer slower for some addresses than for others.
 */
export function createConfirmationRequester(options: {
  config: Config
  db: Db
  secret: string
  transport: Pick<MailTransport, 'send'>
  pages: ServerPages
  validDays: number
  now: () => number
  log: (line: string) => void
}): ConfirmationRequester {
  const {config, db, secret, log} = options
  const list = listIdOf(config)
  const sending = new Set<Promise<void>>()

  const send = async (checked: ValidSubscriber) => {
    const existing = await findSubscriber(db, checked.email)
    // Active addresses get no mail: the form is open to anyone, so it may not re-mail or re-tag them.
    if (existing?.status === 'active') return log(`pressroom serve: sign-up for subscriber ${existing.id} ignored (active)`)
    // A suppressed address is mailed a new confirmation, the only way back for it, and is left as it is until that
    // link is followed: a stranger typing it into the form changes nothing on file.
    if (existing?.status !== 'unsubscribed') await upsertSubscriber(db, checked, {status: 'pending', now: options.now()})
    const subscriber = await findSubscriber(db, checked.email)
    if (!subscriber) return
    const confirmToken = signToken({subscriberId: subscriber.id, list, action: 'confirm', expires: options.now() + options.validDays * day}, secret)
    // What the form asked for waits with the link: a suppressed address keeps its old topics until then, and gets the
    // new ones, not the old, when it comes back. Left out on the form, the cadence is the daily digest.
    await noteConfirmationRequest(db, subscriber.id, tokenHash(confirmToken), {now: options.now(), choice: {tags: checked.tags, frequency: checked.frequency ?? 'daily'}})
    if (subscriber.status === 'unsubscribed') log(`pressroom serve: sign-up for suppressed subscriber ${subscriber.id}: it stays unsubscribed until confirmed`)
    const message = await buildConfirmationMessage({
      config, pages: options.pages, validDays: options.validDays,
      to: {name: subscriber.name, address: subscriber.email},
      confirmToken,
      unsubscribeToken: signToken({subscriberId: subscriber.id, list, action: 'unsubscribe'}, secret)
    })
    try {
      await options.transport.send(message)
      log(`pressroom serve: confirmation sent to subscriber ${subscriber.id}`)
    } catch (error) {
      log(`pressroom serve: could not send the confirmation to subscriber ${subscriber.id}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  return {
    request(checked) {
      const job = send(checked)
        .catch((error: unknown) => log(`pressroom serve: could not file a sign-up: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => sending.delete(job))
      sending.add(job)
    },
    async drain() {
      // Bounded by the server having stopped accepting: no new jobs arrive while this waits.
      while (sending.size > 0) await Promise.allSettled([...sending])
    }
  }
}
