import {describe, expect, it} from 'vitest'
import {createAlertComposer} from '../../src/email/compose-alert.js'
import {loadCatalogues} from '../../src/liquid/chrome-strings.js'
import {attr, findAll, parseHtml, textOf} from '../support/html-dom.js'
import {makeArabicRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

const arabic = makeArabicRelease()
const strings = loadCatalogues().get('ar') ?? {}
const word = (key: string) => String(strings[key])
const unsubscribe = 'https://newsroom.example.com/unsubscribe?token=a.b'

describe('an alert for an Arabic release in an English newsroom', () => {
  it('should write its chrome in Arabic from ar.json, in both parts, with the arrow pointing left', async () => {
    const alert = await createAlertComposer(testConfig({title: 'Acme Newsroom'}))([arabic], unsubscribe)
    const document = parseHtml(alert.html)
    const text = (name: string) => findAll(document, (element) => attr(element, 'class') === name).map((element) => textOf(element).replace(/\s+/g, ' ').trim())
    expect(text('intro')).toEqual([word('email-alert-kicker')])
    expect(text('topics')).toEqual([`${word('email-topics')} تخزين الطاقة`])
    expect(text('more')).toEqual([`${word('digest-read-more')} ←`])
    expect(text('source')).toEqual([`${word('source')} Nahr Energy`])
    expect(text('footer')[0]).toContain(word('alert-why').replace('{site}', 'Acme Newsroom'))
    // The text part wraps at 72 columns: read it with its line breaks as spaces.
    const plain = alert.text.replace(/\s+/g, ' ')
    expect(plain).toContain(`${word('alert-read-more-text')} ${arabic.url}`)
    expect(plain).toContain(word('alert-why').replace('{site}', 'Acme Newsroom'))
    expect(`${alert.text}${textOf(document)}`).not.toMatch(/Topics:|Source:|Read the release|You receive this alert/)
  })

  it('should open a correction\'s subject with the Arabic word for it', async () => {
    const alert = await createAlertComposer(testConfig(), {correction: 'صُحّح تاريخ الافتتاح.'})([arabic], unsubscribe)
    expect(alert.subject).toBe(`${word('alert-subject-correction')} ${arabic.title}`)
    expect(alert.text.replace(/\s+/g, ' ')).toContain(`${word('alert-correction-text')} صُحّح تاريخ الافتتاح.`)
  })
})
