import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createAlertComposer} from '../../src/email/compose-alert.js'
import {createDigestComposer} from '../../src/email/compose-digest.js'
import {textDirection} from '../../src/liquid/text-direction.js'
import {makeRelease} from '../support/make-release.js'
import {attr, byTag, findAll, parseHtml} from '../support/html-dom.js'
import {testConfig} from '../support/test-config.js'
import {buildTestSite, type TestSite} from '../site/build-test-site.js'

// An English newsroom with one Arabic, one Hebrew and one English release: the Arabic and Hebrew pages read right to
// left as a whole, and in the English lists each of their entries does.
const arabic = makeRelease({fileDate: '2025-09-17', slug: 'khalifa-storage', title: 'نهر للطاقة تفتتح محطة تخزين في ميناء خليفة', language: 'ar', html: '<p>افتتحت شركة نهر للطاقة اليوم محطة لتخزين الطاقة.</p>'})
const hebrew = makeRelease({fileDate: '2025-09-16', slug: 'haifa-plant', title: 'נורת׳וינד פותחת מפעל חדש בחיפה', language: 'he', html: '<p>נורת׳וינד פתחה היום מפעל חדש בחיפה.</p>'})
const english = makeRelease({fileDate: '2025-09-15', slug: 'ferry-charging', title: 'Ferries charge at the quay'})
const releases = [arabic, hebrew, english]
const config = testConfig()
let site: TestSite

beforeAll(async () => {
  site = await buildTestSite(releases, config)
})
afterAll(() => site.remove())

const page = async (path: string) => parseHtml(await site.read(path))
const byLanguage = (root: Parameters<typeof findAll>[0], language: string) => findAll(root, (element) => attr(element, 'lang') === language && element.tagName !== 'html')

describe('text direction', () => {
  it('should read Arabic, Persian, Urdu, Hebrew and Yiddish right to left, and Latin, CJK or unreadable tags left to right', () => {
    expect(['ar', 'ar-EG', 'fa', 'ur', 'he', 'yi', 'az-Arab'].map(textDirection)).toEqual(Array(7).fill('rtl'))
    expect(['en', 'de', 'zh-Hans', 'ja', 'az', '', 'not a tag!'].map(textDirection)).toEqual(Array(7).fill('ltr'))
  })

  it('should set dir="rtl" beside lang on the whole page of an Arabic or Hebrew release, and ltr on an English one', async () => {
    for (const [release, dir] of [[arabic, 'rtl'], [hebrew, 'rtl'], [english, 'ltr']] as const) {
      const html = byTag(await page(release.urlPath + 'index.html'), 'html')[0]!
      expect([attr(html, 'lang'), attr(html, 'dir')], release.slug).toEqual([release.language, dir])
    }
  })

  it('should set dir="rtl" on each Arabic or Hebrew entry of an English list, and leave the page left to right', async () => {
    const home = await page('index.html')
    expect(attr(byTag(home, 'html')[0]!, 'dir')).toBe('ltr')
    for (const language of ['ar', 'he']) {
      const entries = byLanguage(home, language)
      expect(entries.length, language).toBeGreaterThan(0)
      for (const entry of entries) expect(attr(entry, 'dir'), `${entry.tagName} lang=${language}`).toBe('rtl')
    }
    for (const entry of byLanguage(home, 'en')) expect(attr(entry, 'dir')).toBe('ltr')
  })

  it('should set dir="rtl" on an Arabic release in an email: the whole alert, and its entry in an English digest', async () => {
    const alert = await createAlertComposer(config)([arabic], 'https://newsroom.example.com/unsubscribe?token=a.b')
    const alertHtml = byTag(parseHtml(alert.html), 'html')[0]!
    expect([attr(alertHtml, 'lang'), attr(alertHtml, 'dir')]).toEqual(['ar', 'rtl'])
    const digest = await createDigestComposer(config, {now: Date.parse('2025-09-18T10:00:00Z')})([english, arabic], 'https://newsroom.example.com/unsubscribe?token=a.b')
    const document = parseHtml(digest.html)
    expect(attr(byTag(document, 'html')[0]!, 'dir')).toBe('ltr')
    const entries = byLanguage(document, 'ar')
    expect(entries.length).toBeGreaterThan(0)
    for (const entry of entries) expect(attr(entry, 'dir')).toBe('rtl')
  })
})
