import {mkdir, symlink, writeFile} from 'node:fs/promises'
import {request} from 'node:http'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {listIdOf} from '../../src/email/build-digest-message.js'
import {signToken} from '../../src/email/sign-token.js'
import {addSubscriber, findSubscriber} from '../../src/store/subscriber-store.js'
import {startTestSubscriptions, testSecret, type TestSubscriptions} from './start-test-subscriptions.js'

let newsroom: TestSubscriptions | undefined
afterEach(async () => {
  await newsroom?.close()
  newsroom = undefined
})

const pendingReader = async (subscriptions: TestSubscriptions) => {
  await addSubscriber(subscriptions.store.db, {email: 'pending@example.org'}, {status: 'pending'})
  return (await findSubscriber(subscriptions.store.db, 'pending@example.org'))!
}

/** Send raw bytes with a chunked body (no Content-Length), as a client streaming without limit would. */
function postChunked(origin: string, path: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(origin + path, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}}, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    // The server may close the connection before all is written: only its answer matters.
    outgoing.on('error', (error) => (/EPIPE|ECONNRESET/.test(String(error)) ? undefined : reject(error)))
    outgoing.write('email=' + 'a'.repeat(size))
    outgoing.end()
  })
}

describe('the subscription server against forged links, scanners and abuse', () => {
  it('should answer 400 with a clear page to forged, tampered, expired, wrong-action and other-list tokens, changing nothing', async () => {
    let clock = Date.parse('2025-09-20T12:00:00Z')
    newsroom = await startTestSubscriptions({now: () => clock})
    const subscriber = await pendingReader(newsroom)
    const list = listIdOf(newsroom.config)
    const valid = signToken({subscriberId: subscriber.id, list, action: 'confirm', expires: clock + 60_000}, testSecret)
    const [body, signature] = valid.split('.') as [string, string]
    const forged = {
      'a token signed with another secret': signToken({subscriberId: subscriber.id, list, action: 'confirm'}, 'not-the-secret-0123456789'),
      'a tampered subscriber id': `${Buffer.from(`${subscriber.id + 1}~${encodeURIComponent(list)}~confirm~`).toString('base64url')}.${signature}`,
      'a cut signature': `${body}.${signature.slice(0, 20)}`,
      'an unsubscribe token used to confirm': signToken({subscriberId: subscriber.id, list, action: 'unsubscribe'}, testSecret),
      'a token of another list': signToken({subscriberId: subscriber.id, list: 'digest.other.example', action: 'confirm'}, testSecret),
      'no token': '',
      'garbage': '%%%..'
    }
    for (const [what, token] of Object.entries(forged)) {
      for (const response of [await newsroom.get(`/confirm?token=${encodeURIComponent(token)}`), await newsroom.post('/confirm', new URLSearchParams({token}))]) {
        expect(response.status, what).toBe(400)
        expect(await response.text(), what).toContain('This link does not work')
      }
    }
    const confirmToUnsubscribe = await newsroom.post(`/unsubscribe?token=${encodeURIComponent(valid)}`, 'List-Unsubscribe=One-Click')
    expect(confirmToUnsubscribe.status, 'a confirm token used to unsubscribe').toBe(400)

    clock += 120_000
    const expired = await newsroom.post('/confirm', new URLSearchParams({token: valid}))
    expect(expired.status, 'an expired token').toBe(400)
    expect((await findSubscriber(newsroom.store.db, 'pending@example.org'))?.status).toBe('pending')
  })

  it('should change nothing when a link scanner only GETs the confirm and unsubscribe links', async () => {
    newsroom = await startTestSubscriptions()
    const pending = await pendingReader(newsroom)
    await addSubscriber(newsroom.store.db, {email: 'active@example.org'}, {status: 'active'})
    const active = (await findSubscriber(newsroom.store.db, 'active@example.org'))!
    const list = listIdOf(newsroom.config)
    const confirm = signToken({subscriberId: pending.id, list, action: 'confirm', expires: Date.now() + 60_000}, testSecret)
    const unsubscribe = signToken({subscriberId: active.id, list, action: 'unsubscribe'}, testSecret)
    for (let scan = 0; scan < 3; scan++) {
      const confirmPage = await newsroom.get(`/confirm?token=${confirm}`)
      expect(confirmPage.status).toBe(200)
      expect(await confirmPage.text()).toContain('<form method="post" action="/confirm">')
      const unsubscribePage = await newsroom.get(`/unsubscribe?token=${unsubscribe}`)
      expect(unsubscribePage.status).toBe(200)
      expect(await unsubscribePage.text()).toContain('Unsubscribe</button>')
      expect((await fetch(`${newsroom.server.origin}/unsubscribe?token=${unsubscribe}`, {method: 'HEAD'})).status).toBe(200)
    }
    expect((await findSubscriber(newsroom.store.db, 'pending@example.org'))?.status).toBe('pending')
    expect((await findSubscriber(newsroom.store.db, 'active@example.org'))?.status).toBe('active')
  })

  it('should answer the same page for new, pending, active and suppressed addresses, and mail all but the active one', async () => {
    newsroom = await startTestSubscriptions()
    await addSubscriber(newsroom.store.db, {email: 'active@example.org', tags: ['results']}, {status: 'active'})
    await addSubscriber(newsroom.store.db, {email: 'gone@example.org'}, {status: 'active'})
    await newsroom.store.db.run(`UPDATE subscribers SET status = 'unsubscribed' WHERE email = 'gone@example.org'`)
    await pendingReader(newsroom)
    const pages: string[] = []
    for (const email of ['new@example.org', 'pending@example.org', 'active@example.org', 'gone@example.org']) {
      const response = await newsroom.post('/subscribe', new URLSearchParams({email, tags: 'energy'}))
      expect(response.status).toBe(200)
      pages.push((await response.text()).replace(email, 'ADDRESS'))
    }
    expect(new Set(pages).size, 'one page whatever the state').toBe(1)
    await newsroom.smtp.waitFor('new@example.org', 1)
    await newsroom.smtp.waitFor('pending@example.org', 1)
    // A suppressed address may sign up again: it gets a new confirmation, and stays suppressed until it is followed.
    await newsroom.smtp.waitFor('gone@example.org', 1)
    await newsroom.server.close()
    expect(newsroom.smtp.messages.length).toBe(3)
    expect((await findSubscriber(newsroom.store.db, 'active@example.org'))?.tags, 'an open form may not re-tag an active reader').toEqual(['results'])
    expect((await findSubscriber(newsroom.store.db, 'gone@example.org'))?.status).toBe('unsubscribed')
  })

  it('should refuse oversized bodies with 413, whether announced or streamed, and other body types with 415', async () => {
    newsroom = await startTestSubscriptions()
    const announced = await newsroom.post('/subscribe', 'email=' + 'a'.repeat(20_000))
    expect(announced.status).toBe(413)
    expect(await postChunked(newsroom.server.origin, '/subscribe', 200_000)).toBe(413)
    expect((await newsroom.post('/subscribe', '{"email":"a@example.org"}', {'content-type': 'application/json'})).status).toBe(415)
    expect((await newsroom.post('/subscribe', new URLSearchParams({email: 'not an address'}))).status).toBe(400)
    expect((await newsroom.store.db.get('SELECT COUNT(*) AS n FROM subscribers'))).toEqual({n: 0})
    // The server still answers after all that.
    expect((await newsroom.post('/subscribe', new URLSearchParams({email: 'fine@example.org'}))).status).toBe(200)
  })

  it('should rate-limit sign-ups per address without telling, and per client with 429', async () => {
    newsroom = await startTestSubscriptions({limits: {perAddress: {max: 2, windowMs: 60_000}, perIp: {max: 5, windowMs: 60_000}}})
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await newsroom.post('/subscribe', new URLSearchParams({email: 'eager@example.org'}))).status).toBe(200)
    }
    await newsroom.smtp.waitFor('eager@example.org', 2)
    expect((await newsroom.post('/subscribe', new URLSearchParams({email: 'other@example.org'}))).status).toBe(200)
    const limited = await newsroom.post('/subscribe', new URLSearchParams({email: 'third@example.org'}))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3600')
    await newsroom.server.close()
    expect(newsroom.smtp.messages.filter((mail) => mail.subject?.startsWith('Confirm')).length, 'two for eager, one for other').toBe(3)
  })

  it('should count sign-ups per forwarded client behind a trusted proxy, and ignore the header otherwise', async () => {
    const limits = {perAddress: {max: 10, windowMs: 60_000}, perIp: {max: 1, windowMs: 60_000}}
    const signUp = (subscriptions: TestSubscriptions, email: string, client: string) =>
      subscriptions.post('/subscribe', new URLSearchParams({email}), {'x-forwarded-for': `203.0.113.9, ${client}`})
    newsroom = await startTestSubscriptions({limits, trustProxy: true})
    expect((await signUp(newsroom, 'a@example.org', '198.51.100.1')).status).toBe(200)
    expect((await signUp(newsroom, 'b@example.org', '198.51.100.2')).status).toBe(200)
    expect((await signUp(newsroom, 'c@example.org', '198.51.100.1')).status).toBe(429)
    await newsroom.close()
    // Without the flag a client could dodge the limit by making up the header.
    newsroom = await startTestSubscriptions({limits})
    expect((await signUp(newsroom, 'a@example.org', '198.51.100.1')).status).toBe(200)
    expect((await signUp(newsroom, 'b@example.org', '198.51.100.2')).status).toBe(429)
  })

  it('should send security headers, never redirect, and refuse other methods with 405', async () => {
    newsroom = await startTestSubscriptions()
    const response = await newsroom.post('/subscribe?next=https://evil.example/', new URLSearchParams({email: 'a@example.org', redirect: 'https://evil.example/'}))
    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const put = await fetch(newsroom.server.origin + '/subscribe', {method: 'PUT'})
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, POST')
    // The digest's "manage your subscription" link is the subscribe URL: GET shows a form there and changes nothing.
    const form = await newsroom.get('/subscribe')
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('<form method="post" action="/subscribe">')
    expect((await fetch(newsroom.server.origin + '/confirm', {method: 'DELETE'})).status).toBe(405)
  })

  it('should serve a built site from --out without letting a path leave it', async () => {
    newsroom = await startTestSubscriptions({serveOut: true})
    const out = join(newsroom.dir, 'out')
    await mkdir(join(out, 'releases/a'), {recursive: true})
    await writeFile(join(out, 'index.html'), '<!DOCTYPE html><title>Home</title>')
    await writeFile(join(out, 'releases/a/index.html'), '<!DOCTYPE html><title>A</title>')
    await writeFile(join(out, '404.html'), '<!DOCTYPE html><title>Missing</title>')
    await writeFile(join(out, '.pressroom-out'), 'marker')
    await writeFile(join(newsroom.dir, 'secret.txt'), 'top secret')
    await symlink(join(newsroom.dir, 'secret.txt'), join(out, 'link.txt'))

    const home = await rawGet(newsroom.server.origin, '/')
    expect(home).toMatchObject({status: 200, body: '<!DOCTYPE html><title>Home</title>'})
    expect(home.headers['content-security-policy']).toContain(`form-action 'self' ${new URL(newsroom.config.subscribeUrl!).origin}`)
    expect(await rawGet(newsroom.server.origin, '/releases/a/')).toMatchObject({status: 200, body: '<!DOCTYPE html><title>A</title>'})
    expect(await rawGet(newsroom.server.origin, '/releases/a')).toMatchObject({status: 200, body: '<!DOCTYPE html><title>A</title>'})
    for (const path of ['/../secret.txt', '/releases/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/releases/..%2f..%2fsecret.txt', '/%00', '/.pressroom-out', '/link.txt', '/..\\secret.txt', '/%E0%A4%A']) {
      const response = await rawGet(newsroom.server.origin, path)
      expect(response.status, path).toBe(404)
      expect(response.body, path).not.toContain('top secret')
      expect(response.body, path).not.toContain('marker')
    }
    expect((await rawGet(newsroom.server.origin, '/nowhere/')).body).toContain('Missing')
  })
})

/** GET a path exactly as given: fetch would normalise the dot segments away before they reach the server. */
function rawGet(origin: string, path: string): Promise<{status: number; body: string; headers: Record<string, string | string[] | undefined>}> {
  return new Promise((resolve, reject) => {
    const url = new URL(origin)
    request({host: url.hostname, port: url.port, path, method: 'GET'}, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers}))
    }).on('error', reject).end()
  })
}
