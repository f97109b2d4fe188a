import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runDigestCommand} from '../../src/email/digest-command.js'
import {addSubscriber, findSubscriber} from '../../src/store/subscriber-store.js'
import {startTestSubscriptions, testSecret, type TestSubscriptions} from './start-test-subscriptions.js'

let newsroom: TestSubscriptions | undefined
afterEach(async () => {
  await newsroom?.close()
  newsroom = undefined
})

const reader = 'reader@example.org'

/** Send a digest the way `pressroom digest` does, against the test SMTP server. */
async function sendDigest(subscriptions: TestSubscriptions, now: string): Promise<string[]> {
  const lines: string[] = []
  await runDigestCommand(
    {releasesDir: join(subscriptions.dir, 'releases'), now, cwd: subscriptions.dir},
    subscriptions.config,
    {PRESSROOM_SECRET: testSecret, SMTP_URL: subscriptions.smtp.url},
    {stdout: (line) => lines.push(line), stderr: {write: () => true}, interactive: false, retryDelays: [], sleep: async () => {}}
  )
  return lines
}

describe('the subscription flow over real HTTP, SQLite and SMTP', () => {
  it('should take an address from sign-up through confirmation and a digest to one-click unsubscribe, after which no digest reaches it', async () => {
    newsroom = await startTestSubscriptions()
    const {store, smtp} = newsroom
    // A second, already active reader proves the later digest was really sent.
    await addSubscriber(store.db, {email: 'colleague@example.org'}, {status: 'active'})

    const signUp = await newsroom.post('/subscribe', new URLSearchParams([['email', reader], ['tags', 'energy, ports'], ['tags', 'Offshore Wind']]))
    expect(signUp.status).toBe(200)
    expect(await signUp.text()).toContain('Check your inbox')
    expect((await findSubscriber(store.db, reader))?.status).toBe('pending')
    expect((await findSubscriber(store.db, reader))?.tags).toEqual(['energy', 'offshore-wind', 'ports'])

    const [confirmation] = await smtp.waitFor(reader, 1)
    expect(confirmation?.subject).toBe('Confirm your subscription to Harbour & Grid Newsroom')
    const link = /http:\/\/127\.0\.0\.1:\d+\/confirm\?token=\S+/.exec(confirmation?.text ?? '')?.[0]
    expect(link, 'confirm link in the text part').toBeDefined()
    expect(confirmation?.html).toContain(link?.replace(/&/g, '&amp;'))
    const confirmPath = new URL(link as string).pathname + new URL(link as string).search

    const page = await newsroom.get(confirmPath)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Confirm my subscription')
    expect((await findSubscriber(store.db, reader))?.status, 'GET changes nothing').toBe('pending')

    const token = new URL(link as string).searchParams.get('token') as string
    const confirmed = await newsroom.post('/confirm', new URLSearchParams({token}))
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('You are subscribed')
    expect((await findSubscriber(store.db, reader))?.status).toBe('active')

    expect((await sendDigest(newsroom, '2025-09-20T12:00:00Z')).join('\n')).toContain('sent 2')
    const [, digest] = await smtp.waitFor(reader, 2)
    // The newsroom is named by the sender; the subject opens with the headline.
    expect(digest?.from?.value[0]?.name).toBe('Harbour & Grid Newsroom')
    expect(digest?.subject).not.toMatch(/^Harbour & Grid Newsroom/)
    expect(digest?.subject).toMatch(/, and 1 more$/)
    expect(digest?.text).toContain('Port of Emden switches its ferries to shore power')
    // The raw header lines, as a mailbox provider reads them (mailparser restructures List-* headers).
    const header = (name: string) => digest?.headerLines.find((line) => line.key === name)?.line ?? ''
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    const unsubscribeHeader = header('list-unsubscribe')
    const unsubscribeLink = /http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^\s>,]+/.exec(unsubscribeHeader)?.[0]
    expect(unsubscribeLink, `one-click URL in List-Unsubscribe (${unsubscribeHeader})`).toBeDefined()
    const unsubscribePath = new URL(unsubscribeLink as string).pathname + new URL(unsubscribeLink as string).search

    // What a mailbox provider sends for RFC 8058 one-click; twice, since providers retry.
    for (let attempt = 0; attempt < 2; attempt++) {
      const oneClick = await newsroom.post(unsubscribePath, 'List-Unsubscribe=One-Click')
      expect(oneClick.status).toBe(200)
      expect(await oneClick.text()).toContain('You are unsubscribed')
    }
    expect((await findSubscriber(store.db, reader))?.status).toBe('unsubscribed')

    await writeFile(join(newsroom.dir, 'releases/2025-09-25-ferry-retrofit.md'), [
      '---', 'title: Harbour & Grid retrofits two ferries with batteries', 'dateline: EMDEN, Germany', 'date: 2025-09-25T09:00:00+02:00',
      'source: Harbour & Grid AG', 'tags: [energy]', '---', '', 'Two Emden ferries will run on batteries from next summer.', ''
    ].join('\n'))
    expect((await sendDigest(newsroom, '2025-09-26T12:00:00Z')).join('\n')).toContain('sent 1')
    const colleague = await smtp.waitFor('colleague@example.org', 2)
    expect(colleague[1]?.text).toContain('retrofits two ferries')
    expect(smtp.messages.filter((mail) => mail.text?.includes('retrofits two ferries')).length).toBe(1)
    expect((await smtp.waitFor(reader, 2)).length, 'no later digest to the unsubscribed reader').toBe(2)

    // Signing up again cannot bring a suppressed address back, and the answer is the same page.
    const again = await newsroom.post('/subscribe', new URLSearchParams({email: reader}))
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('Check your inbox')
    expect((await findSubscriber(store.db, reader))?.status).toBe('unsubscribed')
  })
})
