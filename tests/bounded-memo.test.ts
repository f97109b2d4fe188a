import {describe, expect, it} from 'vitest'
import {boundedMemo} from '../src/bounded-memo.js'

describe('boundedMemo', () => {
  it('should compute a key once while under its limit, and every time past it', () => {
    const calls: string[] = []
    const upper = boundedMemo((key) => {
      calls.push(key)
      return key.toUpperCase()
    }, 2)
    expect([upper('a'), upper('b'), upper('a'), upper('c'), upper('c'), upper('b')]).toEqual(['A', 'B', 'A', 'C', 'C', 'B'])
    expect(calls).toEqual(['a', 'b', 'c', 'c'])
  })

  it('should remember an undefined result like any other', () => {
    let calls = 0
    const nothing = boundedMemo(() => {
      calls++
      return undefined
    }, 8)
    nothing('x')
    nothing('x')
    expect(calls).toBe(1)
  })

  it('should key objects by identity, so two equal objects are computed apart', () => {
    const seen: object[] = []
    const tagged = boundedMemo((key: {name: string}) => {
      seen.push(key)
      return `#${key.name}`
    }, 8)
    const first = {name: 'energy'}
    const twin = {name: 'energy'}
    expect([tagged(first), tagged(twin), tagged(first)]).toEqual(['#energy', '#energy', '#energy'])
    expect(seen).toEqual([first, twin])
    expect(seen[1]).toBe(twin)
  })
})
