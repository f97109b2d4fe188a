import {generateKeyPairSync} from 'node:crypto'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {attr, byTag, findAll, metaContents, parseHtml, textOf} from '../support/html-dom.js'
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

/**
 * What the HTML part of every message must be, as a mail client sees it: the dark-mode meta, a hidden preheader that
 * is the top release's summary, every image with alt text and an absolute https URL (width and height on release
 * pictures), and no stylesheet or font from elsewhere. Returns the problems found.
 */
function auditHtml(html: string): string[] {
  const problems: string[] = []
  const document = parseHtml(html)
  // The summary the top release shows after its dateline: what the inbox should preview.
  const snippet = findAll(document, (element) => /\bsnippet\b/.test(attr(element, 'class') ?? ''))[0]
  const dateline = snippet && findAll(snippet, (element) => /\bdateline\b/.test(attr(element, 'class') ?? ''))[0]
  const topSummary = snippet && textOf(snippet).slice(dateline ? textOf(dateline).length : 0).trim()
  if (!metaContents(document, 'color-scheme').some((content) => /light dark/.test(content))) problems.push('no color-scheme meta')
  if (!metaContents(document, 'supported-color-schemes').some((content) => /light dark/.test(content))) problems.push('no supported-color-schemes meta')
  const body = byTag(document, 'body')[0]
  const first = body && findAll(body, (element) => element !== body)[0]
  const preheader = first && textOf(first).replace(/[\u034f\u200c\u00a0\s]+/g, ' ').trim()
  if (!first || !/display:\s*none/.test(attr(first, 'style') ?? '')) problems.push('no hidden preheader first in the body')
  else if (!preheader || preheader !== topSummary) problems.push(`preheader is ${JSON.stringify(preheader)}, expected the top summary`)
  for (const image of byTag(document, 'img')) {
    const src = attr(image, 'src') ?? ''
    if (!attr(image, 'alt')) problems.push(`img ${src} without alt`)
    if (!/^https:\/\/[^/]+\//.test(src)) problems.push(`img ${src} not an absolute https URL`)
    if (attr(image, 'class') !== 'logo' && !(Number(attr(image, 'width')) > 0 && Number(attr(image, 'height')) > 0)) problems.push(`img ${src} without width and height`)
  }
  if (byTag(document, 'link').some((link) => /stylesheet/i.test(attr(link, 'rel') ?? ''))) problems.push('an external stylesheet')
  if (/@import|url\(\s*['"]?https?:/i.test(html)) problems.push('CSS that loads from elsewhere')
  if (byTag(document, 'script').length > 0) problems.push('a script')
  return problems
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
      expect(auditHtml(mail.html || ''), `${message.to} ${mail.subject}`).toEqual([])
      sizes.push(`${message.to} ${mail.subject}: ${message.raw.length} bytes`)
    }
    console.info(`email audit:\n${sizes.join('\n')}`)
    // The audit saw each kind of email: a first alert, a correction alert, the daily digest and the weekly one.
    expect([...kinds].sort()).toEqual(['alert', 'alert correction', 'digest'])
    expect(smtp.accepted.map((message) => message.to).sort()).toEqual(['daily@example.org', 'instant@example.org', 'instant@example.org', 'weekly@example.org'])
  })

  it('should keep a 20-release digest with a picture for each under 100 KB, every release shown in full, and pass the audit', async () => {
    const releases = Array.from({length: 20}, (_, index) => ({
      date: `2025-09-${String(10 + (index % 5)).padStart(2, '0')}`,
      slug: `harbour-grid-phase-${index + 1}`,
      title: `Harbour grid phase ${index + 1} connects another forty ferries to shore power in the port of Rotterdam`,
      image: true
    }))
    const newsroom = await makeDigestNewsroom(releases, {timeZone: 'UTC', publisher: {name: 'Port Energy Alliance', logo: 'https://newsroom.example.com/media/logo.png'}})
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: 'daily@example.org', name: 'Dee Daily'})
    await store.close()
    const smtp = (server = await startSmtpTestServer())
    const env = {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}
    for (const args of [['build', '--now', '2025-09-15T10:00:00Z'], ['digest', '--now', '2025-09-15T13:00:00Z']]) {
      const result = await runCliAsync(args, {cwd: newsroom.dir, env})
      expect(result.status, result.stderr).toBe(0)
    }
    expect(smtp.accepted).toHaveLength(1)
    const raw = smtp.accepted[0]!.raw
    const mail = await simpleParser(raw)
    console.info(`email audit: a 20-release digest is ${raw.length} bytes (HTML part ${Buffer.byteLength(mail.html || '')} bytes)`)
    expect(raw.length).toBeLessThan(100 * 1024)
    expect(mail.subject).toMatch(/^Harbour grid phase \d+ connects another forty ferries[^,]*…, and 19 more$/)
    expect(auditHtml(mail.html || '')).toEqual([])
    const html = mail.html || ''
    for (const release of releases) expect(html).toContain(`>${release.title}</a></h`)
    expect(html).not.toContain('class="brief"')
    expect(byTag(parseHtml(html), 'img').filter((image) => attr(image, 'class') !== 'logo')).toHaveLength(20)
  })
})
