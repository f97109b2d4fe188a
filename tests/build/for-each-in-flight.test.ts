import {describe, expect, it} from 'vitest'
import {forEachInFlight} from '../../src/build/for-each-in-flight.js'

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('forEachInFlight', () => {
  it('should run every item once, in lanes 0 to limit - 1, with never more than limit at once', async () => {
    const seen: Array<[number, number]> = []
    let running = 0
    let most = 0
    await forEachInFlight([...Array(25).keys()], 3, async (item, lane) => {
      running++
      most = Math.max(most, running)
      // Lane 1 is slow: the others take more items meanwhile.
      for (let step = 0; step < (lane === 1 ? 5 : 1); step++) await turn()
      seen.push([item, lane])
      running--
    })
    expect(seen.map(([item]) => item).sort((a, b) => a - b)).toEqual([...Array(25).keys()])
    expect(new Set(seen.map(([, lane]) => lane))).toEqual(new Set([0, 1, 2]))
    expect(most).toBe(3)
    const count = (lane: number) => seen.filter(([, at]) => at === lane).length
    expect(count(1)).toBeLessThan(count(0))
  })

  it('should start nothing after a failure and throw it once the running tasks settled', async () => {
    const started: number[] = []
    let settled = 0
    const run = forEachInFlight([...Array(10).keys()], 2, async (item) => {
      started.push(item)
      await turn()
      settled++
      if (item === 1) throw new Error('disk full')
    })
    await expect(run).rejects.toThrow('disk full')
    expect(settled).toBe(started.length)
    expect(started.length).toBeLessThan(10)
  })
})
