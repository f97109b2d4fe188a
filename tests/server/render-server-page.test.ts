import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {stringsDir} from '../../src/liquid/chrome-strings.js'
import {createServerPages, type ServerPageName} from '../../src/server/render-server-page.js'
import {byTag, parseHtml, textOf} from '../support/html-dom.js'
import {testConfig} from '../support/test-config.js'

// Every page the server answers with, as the handler fills it: headings, messages and hints are catalogue keys.
const pages: Array<[ServerPageName, {heading: string} & Record<string, unknown>]> = [
  ['subscribe', {heading: 'server-subscribe-heading'}],
  ['subscribe-received', {heading: 'server-check-inbox-heading', email: 'leser@example.org'}],
  ['confirm', {heading: 'server-confirm-heading', email: 'leser@example.org', token: 't'}],
  ['confirmed', {heading: 'server-subscribed-heading', email: 'leser@example.org', status: 'active'}],
  ['confirmed', {heading: 'server-nothing-changed-heading', email: 'leser@example.org', status: 'unsubscribed'}],
  ['unsubscribe', {heading: 'server-unsubscribe-heading', email: 'leser@example.org', token: 't'}],
  ['unsubscribed', {heading: 'server-unsubscribed-heading', email: 'leser@example.org'}],
  ['preferences', {heading: 'server-preferences-heading', email: 'l***@example.org', status: 'active', token: 't', saved: true, topics: []}],
  ['preferences', {heading: 'server-preferences-heading', email: 'l***@example.org', status: 'unsubscribed', token: 't', topics: []}],
  ['problem', {heading: 'server-invalid-link-heading', message: 'server-invalid-link-message', hint: 'server-invalid-link-hint'}],
  ['problem', {heading: 'server-not-allowed-heading', message: 'server-not-allowed-message', methods: 'GET, POST'}]
]

/** The English catalogue's sentences and words (placeholders cut out) that German says differently. */
function englishPieces(): string[] {
  const read = (tag: string) => JSON.parse(readFileSync(join(stringsDir, `${tag}.json`), 'utf8')) as Record<string, unknown>
  const english = read('en')
  const german = read('de')
  const pieces = new Set<string>()
  for (const [key, value] of Object.entries(english)) {
    if (typeof value !== 'string' || value === german[key]) continue
    for (const piece of value.split(/\{\w+\}/)) if (piece.replace(/[.,:;!?]/g, '').trim().length >= 4) pieces.add(piece.trim())
  }
  return [...pieces]
}

describe('the subscription server\'s pages', () => {
  it('should say every page, heading and problem in the site\'s language, with no English words left', async () => {
    const server = createServerPages(testConfig({language: 'de', title: 'Acme Newsroom'}))
    const english = englishPieces()
    for (const [name, data] of pages) {
      const html = await server.page(name, data)
      const text = textOf(byTag(parseHtml(html), 'body')[0] as Parameters<typeof textOf>[0]).replace(/\s+/g, ' ')
      expect(html, name).toContain('<html lang="de" dir="ltr">')
      expect(english.filter((piece) => text.includes(piece)), `${name}: ${text}`).toEqual([])
    }
    expect(await server.page('problem', pages[10]?.[1] as {heading: string})).toContain('<h1>Nicht erlaubt</h1>')
    expect(await server.page('problem', pages[10]?.[1] as {heading: string})).toContain('Diese Adresse antwortet nur auf GET, POST.')
  })

  it('should keep the English pages\' words, filled in', async () => {
    const server = createServerPages(testConfig({language: 'en', title: 'Acme Newsroom'}))
    const html = await server.page('confirm', {heading: 'server-confirm-heading', email: 'reader@example.org', token: 't'})
    expect(html).toContain('<title>Confirm your subscription | Acme Newsroom</title>')
    expect(html).toContain('<p>Press the button to start receiving Acme Newsroom releases at reader@example.org.</p>')
  })

  it('should write the confirmation mail in the site\'s language', async () => {
    const server = createServerPages(testConfig({language: 'de', title: 'Acme Newsroom'}))
    const mail = await server.confirmationEmail({email: 'leser@example.org', confirmUrl: 'https://subscribe.example/confirm?token=t', validDays: 7, subject: 'Betreff'})
    expect(mail.text).toContain('Jemand, hoffentlich Sie, möchte Mitteilungen von Acme Newsroom an leser@example.org erhalten.')
    expect(mail.text).toContain('Der Link gilt 7 Tage.')
    expect(mail.html).toContain('Mein Abonnement bestätigen')
    const english = englishPieces()
    expect(english.filter((piece) => mail.text.includes(piece) || mail.html.includes(piece))).toEqual([])
  })
})
