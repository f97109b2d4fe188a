import {describe, expect, it} from 'vitest'
import {truncateAtWord} from '../../src/render/truncate-at-word.js'

describe('truncateAtWord', () => {
  it('should keep short text whole', () => {
    expect(truncateAtWord('  Acme opens   a plant. ', 160)).toBe('Acme opens a plant.')
  })

  it('should cut Latin text at a word boundary without dangling punctuation', () => {
    const text = 'Acme opened its plant in Changzhou, the first of three, on Monday; more follow.'
    const cut = truncateAtWord(text, 40)
    expect(cut).toBe('Acme opened its plant in Changzhou, the…')
    expect([...cut].length).toBeLessThanOrEqual(40)
    expect(truncateAtWord('Acme opened its plant in Changzhou, which employs many', 37)).toBe('Acme opened its plant in Changzhou…')
  })

  it('should cut CJK text between words, never inside a character or surrogate pair', () => {
    const text = '北风能源系统公司今天在江苏常州启用其亚洲首个储能电池检测中心，该中心占地约六千平方米。😀😀😀😀'
    const cut = truncateAtWord(text, 20)
    expect([...cut].length).toBeLessThanOrEqual(20)
    expect(cut.endsWith('…')).toBe(true)
    expect(text.startsWith(cut.slice(0, -1))).toBe(true)
    expect(cut).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/)
    const emoji = truncateAtWord('😀'.repeat(30), 10)
    expect(emoji).toBe('😀'.repeat(9) + '…')
  })
})
