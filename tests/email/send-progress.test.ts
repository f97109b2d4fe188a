import {describe, expect, it} from 'vitest'
import {createRateLimiter} from '../../src/email/rate-limiter.js'
import {createSendProgress} from '../../src/email/send-progress.js'

function capture() {
  const chunks: string[] = []
  return {chunks, stream: {write: (text: string) => chunks.push(text)}}
}

describe('createSendProgress', () => {
  it('should print one plain line per tenth under CI, and the last one', () => {
    const {chunks, stream} = capture()
    const progress = createSendProgress(stream, 20, false)
    for (let done = 1; done <= 20; done++) progress.step({sent: done, failed: 0, skipped: 0})
    progress.end()
    expect(chunks).toHaveLength(10)
    expect(chunks.at(-1)).toBe('pressroom: digest progress 20/20 (sent 20, failed 0, skipped 0)\n')
  })

  it('should redraw a bar on a terminal and keep log lines above it', () => {
    const {chunks, stream} = capture()
    const progress = createSendProgress(stream, 2, true)
    progress.step({sent: 1, failed: 0, skipped: 0})
    progress.log('pressroom: a@example.org: 451 busy; retrying in 1000 ms')
    progress.step({sent: 2, failed: 0, skipped: 0})
    progress.end()
    expect(chunks.join('')).toBe(
      `[${'#'.repeat(15)}${'-'.repeat(15)}] 1/2 (sent 1, failed 0, skipped 0)` +
        '\r\u001b[2Kpressroom: a@example.org: 451 busy; retrying in 1000 ms\n' +
        `[${'#'.repeat(30)}] 2/2 (sent 2, failed 0, skipped 0)\n`
    )
  })
})

describe('createRateLimiter', () => {
  it('should space handoffs 1/rate seconds apart on an injected clock', async () => {
    let clock = 0
    const waits: number[] = []
    const wait = createRateLimiter(4, async (ms) => {
      waits.push(ms)
      clock += ms
    }, () => clock)
    for (let index = 0; index < 4; index++) await wait()
    expect(waits).toEqual([250, 250, 250])
  })
})
