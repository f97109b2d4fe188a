import {describe, expect, it} from 'vitest'
import {textWidth} from '../../src/email/fit-subject.js'
import {wrapText} from '../../src/email/wrap-text.js'

describe('wrapText', () => {
  it('should wrap at words, hang continuation lines under the indent and keep a longer word whole', () => {
    expect(wrapText('Forty harbour ferries now draw shore power while docked', 24, 4, 0)).toBe('Forty harbour ferries\n    now draw shore power\n    while docked')
    expect(wrapText('see https://newsroom.example.com/releases/2025-09-15-a-long-slug/', 20)).toBe('see\nhttps://newsroom.example.com/releases/2025-09-15-a-long-slug/')
  })

  it('should break Chinese text between characters, counting each as two columns', () => {
    const wrapped = wrapText('北风能源系统公司与波罗的海港口签署协议，到2028年为十二个渡轮泊位提供岸电。', 20)
    const lines = wrapped.split('\n')
    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(20)
    expect(lines.join('')).toBe('北风能源系统公司与波罗的海港口签署协议，到2028年为十二个渡轮泊位提供岸电。')
  })
})
