import {describe, expect, it} from 'vitest'
import {createRefusalStreak} from '../../src/email/refusal-streak.js'

const busy = {kind: 'transient', reply: '451 Try later'} as const
const refused = {kind: 'permanent', reply: '554 No'} as const

describe('createRefusalStreak', () => {
  it('should call a server-wide refusal only after the threshold of same-class refusals in a row, naming their recipients', () => {
    const streak = createRefusalStreak(3)
    expect(streak.refused(1, refused)).toBeUndefined()
    expect(streak.refused(2, refused)).toBeUndefined()
    expect(streak.refused(2, refused)).toEqual([1, 2])
    expect(streak.refused(3, refused)).toBeUndefined()
  })

  it('should start over after an accepted message or a refusal of the other class', () => {
    const streak = createRefusalStreak(2)
    expect(streak.refused(1, refused)).toBeUndefined()
    streak.accepted()
    expect(streak.refused(2, refused)).toBeUndefined()
    expect(streak.refused(3, busy)).toBeUndefined()
    expect(streak.refused(4, busy)).toEqual([3, 4])
  })

  it('should never count an excused recipient', () => {
    const streak = createRefusalStreak(2)
    streak.excuse([7])
    expect(streak.refused(7, refused)).toBeUndefined()
    expect(streak.refused(7, refused)).toBeUndefined()
    expect(streak.refused(8, refused)).toBeUndefined()
    expect([...streak.excused]).toEqual([7])
  })
})
