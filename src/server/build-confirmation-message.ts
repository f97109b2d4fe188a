import {randomBytes} from 'node:crypto'
import type {Config} from '../config/config-schema.js'
import {listIdOf, mailboxAddress, siteHost, unsubscribeUrl, type OutgoingMessage} from '../email/build-digest-message.js'
import {chromeString, loadCatalogues} from '../liquid/chrome-strings.js'
import {PressroomError} from '../report/pressroom-error.js'
import type {ServerPages} from './render-server-page.js'

/** The confirm link: on the subscription server's own origin, never on a URL taken from a request. */
export function confirmUrl(config: Config, token: string): string {
  return `${serverOrigin(config)}/confirm?token=${encodeURIComponent(token)}`
}

/** The public origin of `pressroom serve`: the origin of `subscribeUrl`, which the site's forms post to. */
export function serverOrigin(config: Config): string {
  if (!config.subscribeUrl) {
    throw new PressroomError('CONFIG_INVALID', 'Missing `subscribeUrl` in the config: the server needs its public address for confirm links', {
      hint: 'Add "subscribeUrl": "https://subscribe.example.com/subscribe" (where `pressroom serve` is reached) to the config'
    })
  }
  return new URL(config.subscribeUrl).origin
}

/** The double opt-in mail for one address: a confirm link, and a one-click unsubscribe in case it was not asked for. */
export async function buildConfirmationMessage(input: {
  config: Config
  pages: ServerPages
  to: {name: string; address: string}
  confirmToken: string
  unsubscribeToken: string
  validDays: number
}): Promise<OutgoingMessage> {
  const {config} = input
  if (!config.email) {
    throw new PressroomError('CONFIG_INVALID', 'Missing `email` in the config, expected at least `email.from`', {
      hint: 'Add "email": {"from": "Newsroom <news@example.com>"} to the config'
    })
  }
  const subject = chromeString(loadCatalogues(), config.language, 'server-confirmation-subject', {site: config.title})
  const content = await input.pages.confirmationEmail({email: input.to.address, confirmUrl: confirmUrl(config, input.confirmToken), validDays: input.validDays, subject})
  const mailbox = mailboxAddress(config.email.replyTo ?? config.email.from)
  return {
    from: config.email.from,
    replyTo: config.email.replyTo,
    to: input.to,
    subject,
    text: content.text,
    html: content.html,
    messageId: `<confirm-${randomBytes(9).toString('base64url')}@${siteHost(config)}>`,
    listId: {id: listIdOf(config), comment: config.title},
    // Whoever was signed up by a stranger can also suppress the address from the mail itself.
    unsubscribe: {url: unsubscribeUrl(config, input.unsubscribeToken), mailto: `mailto:${mailbox}?subject=unsubscribe&body=${encodeURIComponent(input.unsubscribeToken)}`},
    headers: {'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated'}
  }
}
