import {afterEach, describe, expect, it, vi} from 'vitest'
import {asciiWordEnds} from '../../src/render/ascii-word-ends.js'
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

describe('truncateAtWord with ICU word segments', () => {
  afterEach(() => vi.restoreAllMocks())

  it('should take segments of a long CJK text only as far as the cut', () => {
    const segment = Intl.Segmenter.prototype.segment
    let taken = 0
    vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (this: Intl.Segmenter, input: string) {
      const segments = segment.call(this, input)
      return Object.assign(Object.create(segments) as Intl.Segments, {
        *[Symbol.iterator]() {
          for (const each of segments) {
            taken++
            yield each
          }
        }
      })
    })
    const text = '北风能源系统公司今天在江苏常州启用其亚洲首个储能电池检测中心，该中心占地约六千平方米。'.repeat(50)
    const cut = truncateAtWord(text, 20)
    expect(text.startsWith(cut.slice(0, -1))).toBe(true)
    expect([...cut].length).toBeLessThanOrEqual(20)
    // Every segment holds a character at least: the cut needs at most 19 of them, and the one that did not fit.
    expect(taken).toBeGreaterThan(0)
    expect(taken).toBeLessThanOrEqual(20)
  })
})

describe('asciiWordEnds', () => {
  const segmenter = new Intl.Segmenter('en', {granularity: 'word'})
  const icuEnds = (text: string) => [...segmenter.segment(text)].map(({index, segment}) => index + segment.length)

  it('should find the word ends ICU finds in every ASCII text, joins of letters, digits and marks included', () => {
    // Seeded, so a failure names a text that fails again.
    let seed = 20261202
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const alphabet = ['a', 'Z', 'q', '0', '7', '.', ',', ';', ':', "'", '_', ' ', ' ', '-', '!', '"', '@', '#', '/', '(', ')', '?', '&', '$', '%', '*', '+', '=', '<', '[', '`', '~', '|', '^']
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({length: 1 + Math.floor(random() * 24)}, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
      expect(asciiWordEnds(text, text.length), JSON.stringify(text)).toEqual(icuEnds(text))
    }
  })

  it('should stop at the first end past its limit, and leave text with other characters to ICU', () => {
    expect(asciiWordEnds('one two three', 5)).toEqual([3, 4, 7])
    expect(asciiWordEnds('one two thr\u00e9e', 5)).toEqual([3, 4, 7])
    expect(asciiWordEnds('one tw\u00f6 three', 5)).toBeUndefined()
    expect(asciiWordEnds('line\nbreak', 20)).toBeUndefined()
  })

  it('should cut a long English snippet as ICU segments would', () => {
    const lede = "Northwind's 3.5-MW pilot, e.g. at U.S. ports (2026), cuts CO2 by 40,000 t; it_runs on shore-power: see https://example.com/a_b for more, or ask ops@example.com today."
    for (const max of [20, 37, 60, 90, 120]) {
      let kept = ''
      for (const segment of [...segmenter.segment(lede.replace(/\s+/g, ' '))].map(({segment}) => segment)) {
        if ([...kept + segment].length > max - 1) break
        kept += segment
      }
      expect(truncateAtWord(lede, max)).toBe(kept.replace(/[\s,;:\-–—(]+$/u, '').replace(/[.]+$/u, '') + '…')
    }
  })
})
