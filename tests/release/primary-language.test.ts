import {describe, expect, it} from 'vitest'
import {primaryLanguage} from '../../src/release/primary-language.js'

describe('primaryLanguage', () => {
  it('should give the lower-cased first subtag of a language tag', () => {
    expect(['en', 'EN-gb', 'zh-Hans-CN', 'ar-EG', 'yue', ''].map(primaryLanguage)).toEqual(['en', 'en', 'zh', 'ar', 'yue', ''])
  })
})
