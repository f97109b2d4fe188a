import {cp, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ParsedMail} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {listConsents} from '../../src/store/consent-store.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {findSubscriber, setSubscriberFrequencies} from '../../src/store/subscriber-store.js'
import {runCli, runCliAsync} from '../support/run-cli.js'
import {startCliServer, type CliServer} from '../support/start-cli-server.js'
import {startSmtpSink, type SmtpSink} from './start-smtp-sink.js'
import {fixtureNewsroom, testSecret} from './start-test-subscriptions.js'

/** A copy of the fixture newsroom with `pressroom serve --out out` running on it as a child process. */
interface Newsroom {
  dir: string
  smtp: SmtpSink
  serve: CliServer
  store: Store
  env: Record<string, string>
  get(path: string): Promise<Response>
  post(path: string, form: URLSearchParams | [string, string][]): Promise<Response>
}

let open: {close(): Promise<void>} | undefined
afterEach(async () => {
  await open?.close()
  open = undefined
})

/** Copy the newsroom, let `before` work on it (a digest, subscribers), build it, and start `pressroom serve` on it. */
async function startNewsroom(before?: (dir: string, env: Record<string, string>) => Promise<void>): Promise<Newsroom> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-prefs-'))
  await cp(fixtureNewsroom, dir, {recursive: true})
  const smtp = await startSmtpSink()
  const env = {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}
  let serve: CliServer | undefined
  let store: Store | undefined
  open = {
    async close() {
      await serve?.stop()
      store?.close()
      await smtp.close()
      await rm(dir, {recursive: true, force: true})
    }
  }
  await before?.(dir, env)
  expect(runCli(['build'], {cwd: dir}).status).toBe(0)
  serve = await startCliServer(['serve', '--port', '0', '--host', '127.0.0.1', '--out', 'out'], {cwd: dir, env, listening: /listening on (http:\/\/127\.0\.0\.1:\d+)/})
  store = await openStore(join(dir, 'data/pressroom.db'))
  const origin = serve.origin
  return {
    dir, smtp, serve, store, env,
    get: (path) => fetch(origin + path, {redirect: 'manual'}),
    post: (path, form) => fetch(origin + path, {method: 'POST', body: String(new URLSearchParams(form)), headers: {'content-type': 'application/x-www-form-urlencoded'}, redirect: 'manual'})
  }
}

/** The path and query of the one-click unsubscribe link in a message's List-Unsubscribe header. */
function unsubscribeLinkOf(mail: ParsedMail | undefined): string {
  return linkTo(mail?.headerLines.find((line) => line.key === 'list-unsubscribe')?.line, '/unsubscribe')
}

/** The path and query of the first link in `text` to `pathname`, e.g. `/preferences?token=…`. */
function linkTo(text: string | undefined, pathname: string): string {
  const found = new RegExp(`https?://[^\\s/]+${pathname}\\?token=[^\\s\\]>"]+`).exec(text ?? '')?.[0]
  expect(found, `a ${pathname} link in:\n${text}`).toBeDefined()
  const url = new URL(found as string)
  return url.pathname + url.search
}

const reader = 'reader@example.org'

/** Everything the store holds about the reader, to show a request changed none of it. */
const snapshot = async (newsroom: Newsroom) => ({subscriber: await findSubscriber(newsroom.store.db, reader), consents: await listConsents(newsroom.store.db, (await findSubscriber(newsroom.store.db, reader))?.id ?? 0)})

/** A release of one topic, dated just before the alerts runs below publish it. */
const topicRelease = (title: string, tag: string) =>
  ['---', `title: ${title}`, 'dateline: EMDEN, Germany', 'date: 2025-10-01T06:00:00Z', 'source: Harbour & Grid AG', `tags: [${tag}]`, '---', '', `${title}, the company said today.`, ''].join('\n')

/** The subjects of the messages to the reader, in arrival order. */
const subjectsTo = (newsroom: Newsroom) => newsroom.smtp.messages.filter((mail) => mail.to && [mail.to].flat().some((group) => group.text.includes(reader))).map((mail) => mail.subject)

describe('the subscriber preference page of pressroom serve', () => {
  it('should put a signed manage link in every digest that opens the page, change nothing on GET, save topics and unsubscribe on POST', async () => {
    let digest: ParsedMail | undefined
    const newsroom = await startNewsroom(async (dir, env) => {
      expect(runCli(['subscribers', 'add', reader, '--tags', 'energy'], {cwd: dir}).status).toBe(0)
      const sink = await startSmtpSink()
      try {
        const sent = await runCliAsync(['digest', '--now', '2025-09-20T12:00:00Z'], {cwd: dir, env: {...env, SMTP_URL: sink.url}})
        expect(sent.status, sent.stdout + sent.stderr).toBe(0)
        ;[digest] = await sink.waitFor(reader, 1)
      } finally {
        await sink.close()
      }
    })
    const manage = linkTo(digest?.text, '/preferences')
    expect(digest?.html).toContain(`/preferences?token=${new URLSearchParams(manage.split('?')[1]).get('token')}`)
    expect(digest?.html).toMatch(/<a href="[^"]*\/preferences\?token=[^"]+"[^>]*>Manage your subscription<\/a>/)

    const before = await snapshot(newsroom)
    // Twice, as a link scanner and then the reader would.
    for (let attempt = 0; attempt < 2; attempt++) {
      const page = await newsroom.get(manage)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(page.headers.get('cache-control')).toBe('no-store')
      const html = await page.text()
      expect(html).toContain('r•••@example.org')
      expect(html).not.toContain(reader)
      expect(html).not.toMatch(/<script/i)
      expect(html).toMatch(/<input type="checkbox" name="topics" value="energy" checked> energy/)
      expect(html).toMatch(/<input type="checkbox" name="topics" value="results"> results/)
      expect(html).toContain('value="unsubscribe"')
    }
    expect(await snapshot(newsroom), 'GET changes nothing').toEqual(before)

    const token = new URLSearchParams(manage.split('?')[1]).get('token') as string
    const saved = await newsroom.post('/preferences', [['token', token], ['action', 'save'], ['topics', 'ports'], ['topics', 'results'], ['topics', 'not-a-topic']])
    expect(saved.status).toBe(200)
    expect(await saved.text()).toMatch(/<input type="checkbox" name="topics" value="ports" checked>/)
    expect((await findSubscriber(newsroom.store.db, reader))?.tags, 'only offered topics are filed').toEqual(['ports', 'results'])
    expect((await findSubscriber(newsroom.store.db, reader))?.status).toBe('active')

    const left = await newsroom.post('/preferences', [['token', token], ['action', 'unsubscribe']])
    expect(left.status).toBe(200)
    expect(await left.text()).toContain('You are unsubscribed')
    expect((await findSubscriber(newsroom.store.db, reader))?.status).toBe('unsubscribed')
    // Saving topics afterwards does not bring the address back.
    await newsroom.post('/preferences', [['token', token], ['action', 'save'], ['topics', 'energy']])
    expect(await findSubscriber(newsroom.store.db, reader)).toMatchObject({status: 'unsubscribed', tags: ['ports', 'results']})
  })

  it('should show and save the cadence, a default and an override per ticked topic, refuse invalid ones with a 400 page, and send alerts by what was saved', async () => {
    const newsroom = await startNewsroom(async (dir) => {
      expect(runCli(['subscribers', 'add', reader, '--tags', 'energy,ports', '--frequency', 'instant'], {cwd: dir}).status).toBe(0)
    })
    const alerts = async (now: string) => {
      const run = await runCliAsync(['alerts', '--now', now], {cwd: newsroom.dir, env: newsroom.env})
      expect(run.status, run.stdout + run.stderr).toBe(0)
      return run.stdout
    }
    // Alerts turned on after the archive went public: the archive is never alerted.
    expect(await alerts('2025-10-01T00:00:00Z')).toContain('no alerts due')
    await writeFile(join(newsroom.dir, 'releases/2025-10-01-berth-three.md'), topicRelease('Berth three opens', 'ports'))
    await alerts('2025-10-01T08:00:00Z')
    const [alert] = await newsroom.smtp.waitFor(reader, 1)
    expect(alert?.subject).toContain('Berth three opens')
    // The alert carries the reader's own signed preference link, as digests do, not the sign-up page.
    const manage = linkTo(alert?.text, '/preferences')
    const token = new URLSearchParams(manage.split('?')[1]).get('token') as string
    expect(alert?.html).toMatch(new RegExp(`<a href="[^"]*/preferences\\?token=${token.replace(/[.+]/g, '\\$&')}"[^>]*>Manage your subscription</a>`))

    const before = await snapshot(newsroom)
    for (let attempt = 0; attempt < 2; attempt++) {
      const html = await (await newsroom.get(manage)).text()
      expect(html).toMatch(/<input type="radio" name="frequency" value="instant" checked> An alert for each release/)
      expect(html).toMatch(/<input type="radio" name="frequency" value="daily"> A daily digest/)
      expect(html).toMatch(/<select name="frequency-energy">\s*<option value="" selected>Same as my default<\/option>/)
    }
    expect(await snapshot(newsroom), 'GET changes nothing').toEqual(before)

    const refusals: Array<[[string, string][], string]> = [
      [[['frequency', 'hourly']], 'Unexpected frequency, expected one of instant, daily, weekly'],
      [[['frequency', 'daily'], ['frequency-energy', 'sometimes']], 'Unexpected frequency for the topic energy, expected the default or one of instant, daily, weekly']
    ]
    for (const [bad, message] of refusals) {
      const refused = await newsroom.post('/preferences', [['token', token], ['action', 'save'], ['topics', 'energy'], ...bad])
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain(message)
    }
    expect(await snapshot(newsroom), 'a refused form changes nothing').toEqual(before)

    const saved = await newsroom.post('/preferences', [
      ['token', token], ['action', 'save'], ['topics', 'energy'], ['topics', 'ports'], ['frequency', 'daily'],
      ['frequency-energy', 'instant'], ['frequency-ports', ''], ['frequency-results', 'weekly']
    ])
    expect(saved.status).toBe(200)
    const page = await saved.text()
    expect(page).toMatch(/<input type="radio" name="frequency" value="daily" checked>/)
    expect(page).toMatch(/<select name="frequency-energy">[^]*?<option value="instant" selected>/)
    // An override of an unticked topic is not kept: it would never apply.
    expect(await findSubscriber(newsroom.store.db, reader)).toMatchObject({tags: ['energy', 'ports'], frequency: 'daily', topicFrequencies: {energy: 'instant'}})

    await writeFile(join(newsroom.dir, 'releases/2025-10-01-grid-link.md'), topicRelease('Grid link doubles', 'energy'))
    await writeFile(join(newsroom.dir, 'releases/2025-10-01-berth-four.md'), topicRelease('Berth four opens', 'ports'))
    expect(await alerts('2025-10-01T10:00:00Z')).toMatch(/2025-10-01-berth-four\): sent 0/)
    await newsroom.smtp.waitFor(reader, 2)
    expect(subjectsTo(newsroom)).toEqual(['Berth three opens', 'Grid link doubles'])
  })

  it('should offer the cadence on the sign-up form, file it on confirmation, and give a returning address the topics and cadence of its new sign-up only when it confirms', async () => {
    const newsroom = await startNewsroom()
    const {smtp, store} = newsroom
    const form = await (await newsroom.get('/subscribe')).text()
    expect(form).toMatch(/<input type="radio" name="frequency" value="daily" checked> A daily digest/)
    expect(form).toMatch(/<input type="radio" name="frequency" value="instant"> An alert for each release/)
    const refused = await newsroom.post('/subscribe', [['email', reader], ['frequency', 'hourly']])
    expect(refused.status).toBe(400)
    const refusal = await refused.text()
    expect(refusal).toContain('Unexpected frequency, expected one of instant, daily, weekly')
    expect(refusal, 'the posted words are not printed back').not.toContain('hourly')
    expect(await findSubscriber(store.db, reader), 'a refused sign-up files nothing').toBeUndefined()

    const confirmLink = async (count: number) => {
      const mail = (await smtp.waitFor(reader, count))[count - 1]
      return {mail, token: new URLSearchParams(linkTo(mail?.text, '/confirm').split('?')[1]).get('token') as string}
    }
    await newsroom.post('/subscribe', [['email', reader], ['tags', 'energy'], ['frequency', 'instant']])
    const first = await confirmLink(1)
    expect(await findSubscriber(store.db, reader)).toMatchObject({status: 'pending', tags: ['energy']})
    await newsroom.post('/confirm', [['token', first.token]])
    const subscribed = await findSubscriber(store.db, reader)
    expect(subscribed).toMatchObject({status: 'active', tags: ['energy'], frequency: 'instant', topicFrequencies: {}})
    await setSubscriberFrequencies(store.db, subscribed?.id ?? 0, 'instant', {energy: 'weekly'})
    await newsroom.post(unsubscribeLinkOf(first.mail), [['List-Unsubscribe', 'One-Click']])

    await newsroom.post('/subscribe', [['email', reader], ['tags', 'ports'], ['tags', 'results'], ['frequency', 'weekly']])
    const second = await confirmLink(2)
    const waiting = {status: 'unsubscribed', tags: ['energy'], frequency: 'instant', topicFrequencies: {energy: 'weekly'}}
    expect(await findSubscriber(store.db, reader), 'nothing applies before the link is followed').toMatchObject(waiting)
    expect((await newsroom.get(`/confirm?token=${encodeURIComponent(second.token)}`)).status).toBe(200)
    expect(await findSubscriber(store.db, reader), 'a GET of the link applies nothing').toMatchObject(waiting)

    expect(await (await newsroom.post('/confirm', [['token', second.token]])).text()).toContain('You are subscribed')
    expect(await findSubscriber(store.db, reader)).toMatchObject({status: 'active', tags: ['ports', 'results'], frequency: 'weekly', topicFrequencies: {}})
  })

  it('should refuse a tampered token, or one signed for another purpose, with a clear 400 page and change nothing', async () => {
    const newsroom = await startNewsroom(async (dir) => {
      expect(runCli(['subscribers', 'add', reader, '--tags', 'energy'], {cwd: dir}).status).toBe(0)
    })
    // A confirmation mail carries an unsubscribe token: the right subscriber, the wrong purpose for this page.
    await newsroom.post('/subscribe', [['email', 'other@example.org']])
    const [confirmation] = await newsroom.smtp.waitFor('other@example.org', 1)
    const unsubscribeToken = new URLSearchParams(unsubscribeLinkOf(confirmation).split('?')[1]).get('token') as string
    const before = await snapshot(newsroom)
    const tampered = unsubscribeToken.replace(/^./, (first) => (first === 'A' ? 'B' : 'A'))
    for (const token of [unsubscribeToken, tampered, 'nonsense']) {
      for (const response of [
        await newsroom.get(`/preferences?token=${encodeURIComponent(token)}`),
        await newsroom.post('/preferences', [['token', token], ['action', 'unsubscribe']])
      ]) {
        expect(response.status, token).toBe(400)
        const html = await response.text()
        expect(html).toContain('This link does not work')
        expect(html).not.toMatch(/at .*\.js:\d+/)
      }
    }
    expect(await snapshot(newsroom)).toEqual(before)
    expect((await findSubscriber(newsroom.store.db, 'other@example.org'))?.status).toBe('pending')
  })

  it('should mail a new confirmation to an address that unsubscribed and signs up again, and bring it back only through that link, recording both consents', async () => {
    const newsroom = await startNewsroom()
    const {smtp, store} = newsroom
    expect((await newsroom.post('/subscribe', [['email', reader], ['tags', 'energy']])).status).toBe(200)
    const [first] = await smtp.waitFor(reader, 1)
    const firstConfirm = linkTo(first?.text, '/confirm')
    const firstToken = new URLSearchParams(firstConfirm.split('?')[1]).get('token') as string
    expect((await newsroom.post('/confirm', [['token', firstToken]])).status).toBe(200)
    expect((await findSubscriber(store.db, reader))?.status).toBe('active')
    const unsubscribe = unsubscribeLinkOf(first)
    expect((await newsroom.post(unsubscribe, [['List-Unsubscribe', 'One-Click']])).status).toBe(200)
    expect((await findSubscriber(store.db, reader))?.status).toBe('unsubscribed')

    const again = await newsroom.post('/subscribe', [['email', reader]])
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('Check your inbox')
    const [, second] = await smtp.waitFor(reader, 2)
    expect(second?.subject).toBe('Confirm your subscription to Harbour & Grid Newsroom')
    const secondConfirm = linkTo(second?.text, '/confirm')
    expect(secondConfirm).not.toBe(firstConfirm)
    expect((await findSubscriber(store.db, reader))?.status, 'unsubscribed until the confirm step').toBe('unsubscribed')

    // A link scanner opening the new link, and the link mailed before the address left, change nothing.
    expect((await newsroom.get(secondConfirm)).status).toBe(200)
    expect((await newsroom.post('/confirm', [['token', firstToken]])).status).toBe(200)
    expect((await findSubscriber(store.db, reader))?.status).toBe('unsubscribed')
    expect(await listConsents(store.db, (await findSubscriber(store.db, reader))?.id ?? 0)).toHaveLength(1)

    const secondToken = new URLSearchParams(secondConfirm.split('?')[1]).get('token') as string
    const confirmed = await newsroom.post('/confirm', [['token', secondToken]])
    expect(await confirmed.text()).toContain('You are subscribed')
    const back = await findSubscriber(store.db, reader)
    expect(back?.status).toBe('active')
    expect(back?.unsubscribedAt).toBeUndefined()
    const consents = await listConsents(store.db, back?.id ?? 0)
    expect(consents.map((consent) => consent.source)).toEqual(['form', 'form'])
    for (const consent of consents) expect(Date.parse(consent.givenAt)).toBeGreaterThanOrEqual(Date.parse(consent.requestedAt ?? ''))
    expect(Date.parse(consents[1]?.givenAt ?? '')).toBeGreaterThan(Date.parse(consents[0]?.givenAt ?? ''))
    // Replaying the link records no third consent.
    await newsroom.post('/confirm', [['token', secondToken]])
    expect(await listConsents(store.db, back?.id ?? 0)).toHaveLength(2)
  })
})
