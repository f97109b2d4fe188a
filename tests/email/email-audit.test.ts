import {generateKeyPairSync} from 'node:crypto'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCliAsync} from '../support/run-cli.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {testSecret} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** The header block of a raw message, unfolded, as name -> every value (so a header given twice is seen twice). */
function rawHeaders(raw: Buffer): Map<string, string[]> {
  const head = raw.toString('utf8').split(/\r\n\r\n/)[0] ?? ''
  const headers = new Map<string, string[]>()
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  return headers
}

describe('every email pressroom sends', () => {
  it('should pass the audit: multipart/alternative with a text part, one https List-Unsubscribe, one-click post, List-Id, one Message-ID, DKIM, a preference-page link, under 100 KB', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-10', slug: 'archive-news', image: true}], {timeZone: 'UTC'})
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: 'daily@example.org', name: 'Dee Daily'})
    await addSubscriber(store.db, {email: 'weekly@example.org', frequency: 'weekly'})
    await addSubscriber(store.db, {email: 'instant@example.org', name: 'Ina Instant', frequency: 'instant'})
    await store.close()
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
    const smtp = (server = await startSmtpTestServer())
    const env = {
      PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url,
      DKIM_DOMAIN: 'newsroom.example.com', DKIM_SELECTOR: 'pr1', DKIM_PRIVATE_KEY: privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
    }
    const cli = async (...args: string[]) => {
      const result = await runCliAsync(args, {cwd: newsroom.dir, env})
      expect(result.status, result.stderr).toBe(0)
      return result
    }
    await cli('build', '--now', '2025-09-15T10:00:00Z')
    await cli('alerts', '--now', '2025-09-15T10:01:00Z')
    const release = (correction?: string) => ['---', 'title: "Forty ferries draw shore power"', 'dateline: ROTTERDAM, Netherlands', 'date: 2025-09-15T06:00:00Z',
      'source: {name: Port Energy Alliance, url: "https://alliance.example.org"}', 'tags: [energy]', 'media: {url: "/media/ferry.jpg", type: image/jpeg, alt: "A ferry"}',
      ...(correction ? [`correction: "${correction}"`] : []), '---', '', `Forty ferries now draw shore power, said the alliance${correction ? ' on Monday' : ''}.`, ''].join('\n')
    await writeFile(join(newsroom.releasesDir, '2025-09-15-ferry-power.md'), release())
    await cli('build', '--now', '2025-09-15T11:00:00Z')
    await cli('alerts', '--now', '2025-09-15T11:01:00Z')
    await writeFile(join(newsroom.releasesDir, '2025-09-15-ferry-power.md'), release('An earlier version said thirty ferries.'))
    await cli('build', '--now', '2025-09-15T12:00:00Z')
    await cli('alerts', '--now', '2025-09-15T12:01:00Z')
    await cli('digest', '--now', '2025-09-15T13:00:00Z')
    await cli('digest', '--frequency', 'weekly', '--now', '2025-09-15T13:05:00Z')

    const kinds = new Set<string>()
    const sizes: string[] = []
    for (const message of smtp.accepted) {
      const headers = rawHeaders(message.raw)
      const mail = await simpleParser(message.raw)
      const messageId = headers.get('message-id') ?? []
      kinds.add((messageId[0] ?? '').replace(/^<(\w+)-.*$/, '$1') + (mail.subject?.includes('Correction:') ? ' correction' : ''))
      expect(headers.get('content-type')?.[0]).toMatch(/^multipart\/alternative;/)
      expect(mail.text?.length).toBeGreaterThan(100)
      expect(mail.html).toBeTruthy()
      const unsubscribe = headers.get('list-unsubscribe') ?? []
      expect(unsubscribe).toHaveLength(1)
      const urls = [...(unsubscribe[0] ?? '').matchAll(/<([^>]+)>/g)].map((match) => match[1] ?? '')
      expect(urls.filter((url) => url.startsWith('https://'))).toHaveLength(1)
      expect(urls.filter((url) => url.startsWith('http:'))).toHaveLength(0)
      expect(headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click'])
      expect(headers.get('list-id')?.[0]).toContain('<digest.newsroom.example.com>')
      expect(messageId).toHaveLength(1)
      // Alerts as well as digests lead to the subscriber's own preference page, in both parts.
      expect(mail.text).toMatch(/https?:\/\/\S+\/preferences\?token=[\w.%-]+/)
      expect(mail.html).toMatch(/<a href="https?:\/\/[^"]+\/preferences\?token=[\w.%-]+"[^>]*>Manage your subscription<\/a>/)
      expect(headers.get('dkim-signature')?.[0]).toMatch(/d=newsroom\.example\.com;.*h=[^;]*List-Unsubscribe-Post/is)
      expect(message.raw.length).toBeLessThan(100 * 1024)
      sizes.push(`${message.to} ${mail.subject}: ${message.raw.length} bytes`)
    }
    console.info(`email audit:\n${sizes.join('\n')}`)
    // The audit saw each kind of email: a first alert, a correction alert, the daily digest and the weekly one.
    expect([...kinds].sort()).toEqual(['alert', 'alert correction', 'digest'])
    expect(smtp.accepted.map((message) => message.to).sort()).toEqual(['daily@example.org', 'instant@example.org', 'instant@example.org', 'weekly@example.org'])
  })
})
