import {describe, expect, it} from 'vitest'
import {createAttemptLimiter} from '../../src/server/attempt-limiter.js'

describe('the in-memory attempt limiter', () => {
  it('should allow max attempts per key in a window and again once the window has passed', () => {
    let clock = 0
    const limiter = createAttemptLimiter({max: 2, windowMs: 1000, now: () => clock})
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([true, true, false, true])
    clock = 1000
    expect(limiter.take('a')).toBe(true)
  })

  it('should keep at most maxKeys keys, dropping the oldest, so a flood of addresses cannot grow it without bound', () => {
    let clock = 0
    const limiter = createAttemptLimiter({max: 1, windowMs: 60_000, maxKeys: 100, now: () => clock})
    expect(limiter.take('first')).toBe(true)
    expect(limiter.take('first')).toBe(false)
    for (let key = 0; key < 1000; key++) limiter.take(`flood-${key}`)
    clock = 1
    // `first` was among the oldest keys and has been dropped: it starts a new window.
    expect(limiter.take('first')).toBe(true)
    expect(limiter.take('flood-999')).toBe(false)
  })
})
