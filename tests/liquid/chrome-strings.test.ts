import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checkChromeStrings} from '../../src/liquid/check-chrome-strings.js'
import {chromeString, codeStringKeys, loadCatalogues, usedStringKeys} from '../../src/liquid/chrome-strings.js'
import {createLiquid, templatesDir} from '../../src/liquid/create-liquid.js'
import {formatDisplayDate} from '../../src/release/display-date.js'

// A templates folder of its own, real files: English has every word, German lacks `source`.
let root = ''
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pressroom-strings-'))
  mkdirSync(join(root, 'strings'))
  writeFileSync(join(root, 'strings', 'en.json'), JSON.stringify({'press-release': 'Press release', source: 'Source:', count: {one: '{count} release', other: '{count} releases'}}))
  writeFileSync(join(root, 'strings', 'de.json'), JSON.stringify({'press-release': 'Pressemitteilung', count: {one: '{count} Mitteilung', other: '{count} Mitteilungen'}}))
  writeFileSync(join(root, 'page.liquid'), `{{ 'press-release' | t }} / {{ "source" | t }} / {{ 'count' | t: count: n }}`)
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

describe('chrome strings', () => {
  it('should render a page in its language, a missing word in English, plurals by count', () => {
    const liquid = createLiquid({root, strings: join(root, 'strings')})
    expect(liquid.renderFileSync('page', {lang: 'de', n: 1})).toBe('Pressemitteilung / Source: / 1 Mitteilung')
    expect(liquid.renderFileSync('page', {site: {language: 'de-AT'}, n: 3})).toBe('Pressemitteilung / Source: / 3 Mitteilungen')
    expect(liquid.renderFileSync('page', {lang: 'en', n: 3})).toBe('Press release / Source: / 3 releases')
  })

  it('should warn of each word a language takes from English, naming language, key and catalogue', () => {
    const files = checkChromeStrings(root, ['en', 'de', 'de-AT', 'ja'], root)
    expect(files.flatMap((file) => file.messages.map(String))).toEqual([
      'strings/de.json:1:1: Unexpected missing chrome string `source` for language `de`, expected it in `strings/de.json`: English is shown',
      'strings/de.json:1:1: Unexpected missing chrome string `source` for language `de-AT`, expected it in `strings/de.json`: English is shown',
      'strings/ja.json:1:1: Unexpected language `ja` without chrome strings, expected `strings/ja.json`: its pages show English words'
    ])
    expect(files.every((file) => file.messages.every((message) => message.ruleId === 'string-missing' && message.fatal === false))).toBe(true)
  })

  it('should have every word the shipped templates and code name in English, German, Chinese, French, Spanish, Japanese and Arabic', () => {
    const keys = usedStringKeys(templatesDir)
    expect(keys.length).toBeGreaterThan(30)
    expect(checkChromeStrings(templatesDir, ['en', 'de', 'zh-Hans', 'fr', 'es', 'ja', 'ar', 'ar-EG'], templatesDir).flatMap((file) => file.messages.map(String))).toEqual([])
    // Every key a template or the code names has a word that is not the key itself.
    const catalogues = loadCatalogues()
    for (const key of [...keys, ...codeStringKeys]) expect(chromeString(catalogues, 'en', key, {count: 2}), key).not.toBe(key)
    // Every shipped catalogue has every English key, each with the same placeholders, and no key English lacks.
    const english = catalogues.get('en') ?? {}
    const placeholders = (entry: unknown) => [...new Set(JSON.stringify(entry).match(/\{\w+\}/g) ?? [])].sort()
    expect([...catalogues.keys()].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja', 'zh'])
    for (const [language, strings] of catalogues) {
      expect(Object.keys(strings).sort(), language).toEqual(Object.keys(english).sort())
      for (const [key, entry] of Object.entries(strings)) expect(placeholders(entry), `${language} ${key}`).toEqual(placeholders(english[key]))
    }
  })

  it('should keep no word in the shipped catalogues that no template or source file names', () => {
    // Code names some keys through helpers (a server page's heading, message and hint): any quoted mention counts.
    const texts: string[] = []
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, {withFileTypes: true})) {
        if (entry.isDirectory()) visit(join(dir, entry.name))
        else if (/\.(?:liquid|ts)$/.test(entry.name)) texts.push(readFileSync(join(dir, entry.name), 'utf8'))
      }
    }
    visit(templatesDir)
    visit(join(templatesDir, '..', 'src'))
    const text = texts.join('\n')
    const unused = Object.keys(loadCatalogues().get('en') ?? {}).filter((key) => !text.includes(`'${key}'`) && !text.includes(`"${key}"`))
    expect(unused).toEqual([])
  })

  it('should give plural entries only forms of their language\'s plural categories, `other` always, and Arabic all six', () => {
    for (const [language, strings] of loadCatalogues()) {
      const categories: string[] = new Intl.PluralRules(language).resolvedOptions().pluralCategories
      for (const [key, entry] of Object.entries(strings)) {
        if (typeof entry !== 'object') continue
        expect(Object.keys(entry).filter((form) => !categories.includes(form)), `${language} ${key}`).toEqual([])
        expect(Object.keys(entry), `${language} ${key}`).toContain('other')
        if (language === 'ar') expect(Object.keys(entry).sort(), key).toEqual(['few', 'many', 'one', 'other', 'two', 'zero'])
      }
    }
  })

  it('should count releases in Arabic with its six plural forms: none, one, two, a few, many and the rest', () => {
    const liquid = createLiquid()
    const count = (n: number, lang = 'ar') => liquid.parseAndRenderSync(`{{ 'release-count' | t: count: n }} | {{ 'digest-intro' | t: count: n, date: 'اليوم' }}`, {lang, n})
    expect([0, 1, 2, 3, 11, 100].map((n) => count(n))).toEqual([
      'لا توجد بيانات صحفية | لا بيانات صحفية جديدة، اليوم',
      'بيان صحفي واحد | بيان صحفي جديد، اليوم',
      'بيانان صحفيان | بيانان صحفيان جديدان، اليوم',
      '3 بيانات صحفية | 3 بيانات صحفية جديدة، اليوم',
      '11 بيانًا صحفيًا | 11 بيانًا صحفيًا جديدًا، اليوم',
      '100 بيان صحفي | 100 بيان صحفي جديد، اليوم'
    ])
    // A region's tag takes the language's catalogue and plural rules; 103 and 111 count as 3 and 11 do.
    expect([count(103, 'ar-EG'), count(111, 'ar-AE')]).toEqual(['103 بيانات صحفية | 103 بيانات صحفية جديدة، اليوم', '111 بيانًا صحفيًا | 111 بيانًا صحفيًا جديدًا، اليوم'])
  })

  it('should take the language a `lang:` argument names over the page\'s', () => {
    const liquid = createLiquid()
    expect(liquid.parseAndRenderSync(`{{ 'source' | t }} {{ 'source' | t: lang: other }}`, {lang: 'en', other: 'ar'})).toBe('Source: المصدر:')
  })

  it('should keep AP style in English and use the language\'s own long date elsewhere', () => {
    expect(formatDisplayDate('en', 2025, 9, 15)).toBe('Sept. 15, 2025')
    expect(formatDisplayDate('en-GB', 2025, 3, 1)).toBe('March 1, 2025')
    expect(formatDisplayDate('de', 2025, 9, 15)).toBe('15. September 2025')
    expect(formatDisplayDate('zh-Hans', 2025, 9, 15)).toBe('2025年9月15日')
  })
})
