import {describe, expect, it} from 'vitest'
import {ogLocale} from '../../src/site/og-locale.js'

describe('ogLocale', () => {
  it.each([
    ['en', 'en_US'],
    ['en-GB', 'en_GB'],
    ['de', 'de_DE'],
    ['de-AT', 'de_AT'],
    ['zh-Hans', 'zh_CN'],
    ['zh-Hant', 'zh_TW'],
    ['ja', 'ja_JP'],
    ['pt-BR', 'pt_BR']
  ])('should turn %s into %s', (language, locale) => {
    expect(ogLocale(language)).toBe(locale)
  })
})
