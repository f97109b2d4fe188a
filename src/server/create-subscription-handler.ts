import {createReadStream} from 'node:fs'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {pipeline} from 'node:stream/promises'
import type {Config} from '../config/config-schema.js'
import {listIdOf} from '../email/build-digest-message.js'
import type {MailTransport} from '../email/mail-transport.js'
import {tokenHash, verifyToken, type TokenAction, type TokenPayload} from '../email/sign-token.js'
import {frequencies, isFrequency} from '../store/frequency-for.js'
import type {Db} from '../store/open-store.js'
import {activateSubscriber, getSubscriber, setSubscriberPreferences, unsubscribeById, type Subscriber} from '../store/subscriber-store.js'
import {checkSubscriber} from '../store/validate-subscriber.js'
import {createAttemptLimiter} from './attempt-limiter.js'
import {serverOrigin} from './build-confirmation-message.js'
import {createConfirmationRequester} from './create-confirmation-requester.js'
import {findStaticFile} from './find-static-file.js'
import {guardRequests} from './guard-requests.js'
import {preferenceView, readPreferenceChoices} from './preference-choices.js'
import {readNewsroomTopics} from './read-newsroom-topics.js'
import {readRequestTarget, type RequestTarget} from './read-request-target.js'
import {readFormBody} from './read-form-body.js'
import {createServerPages, type ServerPageName} from './render-server-page.js'
import {pagePolicy, setSecurityHeaders, sitePolicy} from './security-headers.js'

/** Everything the subscription endpoints need; the transport and clock are injected so tests use a real SMTP server. */
export interface SubscriptionHandlerOptions {
  config: Config
  db: Db
  /** Signs and checks confirm and unsubscribe tokens (`PRESSROOM_SECRET`). */
  secret: string
  transport: Pick<MailTransport, 'send'>
  /** A built site to serve as well (`--out`); without it, other paths are 404. */
  outDir?: string
  now?: () => number
  /** How long a confirm link works. Default 7 days. */
  confirmValidDays?: number
  /** Sign-up attempts allowed per address and per client IP in each window. */
  limits?: {perAddress?: {max: number; windowMs: number}; perIp?: {max: number; windowMs: number}}
  log?: (line: string) => void
  /** Behind a reverse proxy: take the client address from the last `X-Forwarded-For` entry (the one the proxy added). */
  trustProxy?: boolean
  /** Takes SES bounce and complaint notifications posted by SNS to `/ses/notifications`; without it, that path is 404. */
  sesNotifications?: (body: string) => Promise<{status: number; lines: string[]}>
}

/** The request handler of `pressroom serve`, and a way to wait for confirmation mails still being handed over. */
export interface SubscriptionHandler {
  handle(request: IncomingMessage, response: ServerResponse): void
  drain(): Promise<void>
}

const hour = 60 * 60 * 1000
const invalidLink = {heading: 'server-invalid-link-heading', message: 'server-invalid-link-message', hint: 'server-invalid-link-hint'}
const refusals = {
  400: {heading: 'server-error-heading', message: 'server-bad-request-message'},
  413: {heading: 'server-too-much-heading', message: 'server-too-much-message'},
  415: {heading: 'server-unexpected-form-heading', message: 'server-unexpected-form-message'}
} as const

/**
 * Create the handler of `POST /subscribe`, `/confirm`, `/unsubscribe` (RFC 8058 one-click), `/preferences` (a
 * subscriber's topics and cadence, from the signed link in each digest and alert) and the optional site.
 */
export function createSubscriptionHandler(options: SubscriptionHandlerOptions): SubscriptionHandler {
  const {config, db, secret} = options
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const validDays = options.confirmValidDays ?? 7
  const list = listIdOf(config)
  const formOrigin = serverOrigin(config)
  const pages = createServerPages(config)
  const perAddress = createAttemptLimiter({max: 3, windowMs: 24 * hour, now, ...options.limits?.perAddress})
  const perIp = createAttemptLimiter({max: 20, windowMs: hour, now, ...options.limits?.perIp})
  const confirmations = createConfirmationRequester({config, db, secret, transport: options.transport, pages, validDays, now, log})

  const page = async (response: ServerResponse, status: number, name: ServerPageName, data: {heading: string} & Record<string, unknown>) => {
    setSecurityHeaders(response, pagePolicy)
    // An oversized body is left unread: closing the connection stops the client from streaming the rest to us.
    if (status === 413) response.setHeader('Connection', 'close')
    // Token pages must not be kept by shared caches, and no answer here should be replayed from one.
    response.writeHead(status, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'}).end(await pages.page(name, data))
  }
  const tokenOf = (request: RequestTarget, form?: URLSearchParams) => form?.get('token') ?? request.searchParams.get('token') ?? ''
  const verify = async (token: string, action: TokenAction): Promise<{payload: TokenPayload; subscriber: Subscriber} | undefined> => {
    const payload = verifyToken(token, secret, {now: now(), action})
    // A token signed for another list (another newsroom sharing the secret) does not act on this one.
    if (!payload || payload.list !== list) return undefined
    const subscriber = await getSubscriber(db, payload.subscriberId)
    return subscriber && {payload, subscriber}
  }

  const subscribe = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readFormBody(request)
    if (!body.ok) return page(response, body.status, 'problem', refusals[body.status])
    if (!perIp.take(clientAddress(request, options.trustProxy === true))) {
      response.setHeader('Retry-After', '3600')
      return page(response, 429, 'problem', {heading: 'server-too-many-heading', message: 'server-too-many-message', hint: 'server-too-many-hint'})
    }
    // Each `tags` field is one tag as a page names it ("offshore wind"): split on commas only, never on its spaces.
    const tags = body.form.getAll('tags').flatMap((value) => value.split(/[,;]/))
    const frequency = body.form.get('frequency') ?? undefined
    // The posted value is not echoed: any site can post this form, and our page should not print its words.
    if (frequency !== undefined && !isFrequency(frequency)) return page(response, 400, 'problem', {heading: 'server-check-choices-heading', message: 'server-frequency-unexpected', choices: frequencies.join(', '), hint: 'server-check-choices-hint-signup'})
    const checked = checkSubscriber({email: body.form.get('email') ?? '', tags, frequency})
    if ('problem' in checked) return page(response, 400, 'problem', {heading: 'server-check-address-heading', message: 'server-check-address-message', hint: 'server-check-address-hint'})
    // Answered first, filed after: the page and its timing are the same whatever the address's state.
    await page(response, 200, 'subscribe-received', {heading: 'server-check-inbox-heading', email: checked.email})
    if (perAddress.take(checked.emailKey)) confirmations.request(checked)
    else log('pressroom serve: sign-up ignored: the address has asked too often today')
  }

  // The token endpoints: read the form of a POST, take the token from it or the URL, and answer a bad one with 400.
  const tokenRequest = async (request: IncomingMessage, response: ServerResponse, url: RequestTarget, post: boolean, action: TokenAction) => {
    let form: URLSearchParams | undefined
    if (post) {
      // RFC 8058 senders may use multipart for one-click unsubscribe; the token in the URL is what authorises it.
      const body = await readFormBody(request, {requireFormType: action !== 'unsubscribe'})
      if (!body.ok) return void page(response, body.status, 'problem', refusals[body.status])
      form = body.form
    }
    const token = tokenOf(url, form)
    const found = await verify(token, action)
    if (!found) return void page(response, 400, 'problem', invalidLink)
    return {token, subscriber: found.subscriber, form}
  }

  const confirm = async (request: IncomingMessage, response: ServerResponse, url: RequestTarget, post: boolean) => {
    const found = await tokenRequest(request, response, url, post, 'confirm')
    if (!found) return
    const {token} = found
    // GET only shows the button: mail scanners open links, and that must not sign anybody up.
    if (!post) return page(response, 200, 'confirm', {heading: 'server-confirm-heading', email: found.subscriber.email, token})
    // The hash names this very link: a suppressed address comes back only through the one its latest sign-up mailed.
    const status = await activateSubscriber(db, found.subscriber.id, {now: now(), confirmTokenHash: tokenHash(token)})
    return page(response, 200, 'confirmed', {heading: status === 'active' ? 'server-subscribed-heading' : 'server-nothing-changed-heading', email: found.subscriber.email, status})
  }

  const unsubscribe = async (request: IncomingMessage, response: ServerResponse, url: RequestTarget, post: boolean) => {
    const found = await tokenRequest(request, response, url, post, 'unsubscribe')
    if (!found) return
    const {token} = found
    if (!post) return page(response, 200, 'unsubscribe', {heading: 'server-unsubscribe-heading', email: found.subscriber.email, token})
    await unsubscribeById(db, found.subscriber.id, {now: now()})
    return page(response, 200, 'unsubscribed', {heading: 'server-unsubscribed-heading', email: found.subscriber.email})
  }

  // Without cookies, a POST here is authorised by the signed token in its form alone, which another site cannot know:
  // that is the whole CSRF defence, and enough. The link does not expire, like the unsubscribe link beside it in old
  // digests; it can do no more than that link and the topics, and changing PRESSROOM_SECRET revokes every link.
  const preferences = async (request: IncomingMessage, response: ServerResponse, url: RequestTarget, post: boolean) => {
    const found = await tokenRequest(request, response, url, post, 'manage')
    if (!found) return
    const {token, subscriber, form} = found
    const topics = await readNewsroomTopics(options.outDir, config.title)
    // GET only shows: link scanners and prefetchers open every link in a mail, and that must change nothing.
    if (!post || !form) return page(response, 200, 'preferences', {heading: 'server-preferences-heading', token, ...preferenceView(subscriber, topics)})
    const action = form.get('action')
    if (action === 'unsubscribe') {
      await unsubscribeById(db, subscriber.id, {now: now()})
      return page(response, 200, 'unsubscribed', {heading: 'server-unsubscribed-heading', email: subscriber.email})
    }
    if (action !== 'save') return page(response, 400, 'problem', refusals[400])
    const choices = readPreferenceChoices(form, subscriber, topics)
    if ('problem' in choices) return page(response, 400, 'problem', {heading: 'server-check-choices-heading', ...choices.problem, hint: 'server-check-choices-hint-preferences'})
    // Saving never brings an unsubscribed address back: only a new sign-up and its confirmation do.
    if (subscriber.status !== 'unsubscribed') await setSubscriberPreferences(db, subscriber.id, choices, {now: now()})
    const saved = await getSubscriber(db, subscriber.id) ?? subscriber
    return page(response, 200, 'preferences', {heading: 'server-preferences-heading', token, saved: saved.status !== 'unsubscribed', ...preferenceView(saved, topics)})
  }

  const serveSite = async (response: ServerResponse, url: RequestTarget) => {
    const file = options.outDir === undefined ? undefined : await findStaticFile(options.outDir, url.pathname)
    const notFound = file || options.outDir === undefined ? undefined : await findStaticFile(options.outDir, '/404.html')
    const chosen = file ?? notFound
    if (!chosen) return page(response, 404, 'problem', {heading: 'server-not-found-heading', message: 'server-not-found-message'})
    setSecurityHeaders(response, sitePolicy(formOrigin))
    response.writeHead(file ? 200 : 404, {'Content-Type': chosen.contentType})
    await pipeline(createReadStream(chosen.path), response)
  }

  const route = async (request: IncomingMessage, response: ServerResponse) => {
    // The target's host is never used: answers only ever link to the configured origins, so nothing here can redirect.
    const url = readRequestTarget(request)
    if (!url) return page(response, 400, 'problem', refusals[400])
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET')
    const allow = (methods: string) => {
      response.setHeader('Allow', methods)
      return page(response, 405, 'problem', {heading: 'server-not-allowed-heading', message: 'server-not-allowed-message', methods})
    }
    switch (url.pathname) {
      case '/subscribe':
        // GET shows a sign-up form; the site's sign-up links lead here.
        if (method === 'GET') return page(response, 200, 'subscribe', {heading: 'server-subscribe-heading', frequencies})
        return method === 'POST' ? subscribe(request, response) : allow('GET, POST')
      case '/confirm':
        return method === 'GET' || method === 'POST' ? confirm(request, response, url, method === 'POST') : allow('GET, POST')
      case '/unsubscribe':
        return method === 'GET' || method === 'POST' ? unsubscribe(request, response, url, method === 'POST') : allow('GET, POST')
      case '/preferences':
        return method === 'GET' || method === 'POST' ? preferences(request, response, url, method === 'POST') : allow('GET, POST')
      case '/ses/notifications':
        if (!options.sesNotifications) break
        return method === 'POST' ? sesNotification(request, response, options.sesNotifications) : allow('POST')
      case '/_pressroom/server.css':
        if (method !== 'GET') return allow('GET')
        setSecurityHeaders(response, pagePolicy)
        return void response.writeHead(200, {'Content-Type': 'text/css; charset=utf-8'}).end(await pages.stylesheet())
    }
    return method === 'GET' ? serveSite(response, url) : allow('GET')
  }

  const sesNotification = async (request: IncomingMessage, response: ServerResponse, receive: NonNullable<SubscriptionHandlerOptions['sesNotifications']>) => {
    const body = await readSnsBody(request)
    const answer = body === undefined ? {status: 413, lines: ['ignored: a body larger than an SNS message']} : await receive(body)
    for (const line of answer.lines) log(`pressroom serve: SES notification: ${line}`)
    response.writeHead(answer.status, {'Content-Type': 'text/plain; charset=utf-8'}).end(answer.status === 200 ? 'ok\n' : 'refused\n')
  }

  return {
    handle: guardRequests(route, {
      name: 'pressroom serve', log,
      answer: (response) => page(response, 500, 'problem', {heading: 'server-error-heading', message: 'server-error-message', hint: 'server-error-hint'})
    }),
    drain: () => confirmations.drain()
  }
}

/** The address sign-ups are counted against: the socket's peer, or behind a trusted proxy the address it forwarded. */
function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(request.headers['x-forwarded-for'] ?? '').split(',').map((part) => part.trim()).filter(Boolean).at(-1) : undefined
  return forwarded ?? request.socket.remoteAddress ?? 'unknown'
}

// SNS messages are at most 256 KB; a larger body is nobody's notification.
async function readSnsBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > 256 * 1024) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
