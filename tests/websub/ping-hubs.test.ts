import {afterEach, describe, expect, it} from 'vitest'
import {pingHubs} from '../../src/websub/ping-hubs.js'
import {closedPort, startTestHub, type TestHub} from './test-hub.js'

const topics = ['https://newsroom.example.com/rss.xml', 'https://newsroom.example.com/feed.json']
const hubs: TestHub[] = []
const started = async (options?: Parameters<typeof startTestHub>[0]) => {
  const hub = await startTestHub(options)
  hubs.push(hub)
  return hub
}

afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()))
})

describe('pingHubs', () => {
  it('should POST one form-encoded hub.mode=publish per topic to every hub', async () => {
    const [a, b] = [await started(), await started()]
    const outcomes = await pingHubs({hubs: [a.url, b.url], topics})
    expect(outcomes.map((outcome) => [outcome.hub, outcome.ok])).toEqual([[a.url, true], [b.url, true]])
    for (const hub of [a, b]) {
      expect(hub.requests.map((request) => request.form.get('hub.url'))).toEqual(topics)
      expect(hub.requests.every((request) => request.contentType === 'application/x-www-form-urlencoded' && request.form.get('hub.mode') === 'publish')).toBe(true)
    }
  })

  it('should retry a hub that fails, waiting twice as long before each retry, until it accepts', async () => {
    const hub = await started({failFirst: 2})
    const waits: number[] = []
    const lines: string[] = []
    const [outcome] = await pingHubs({hubs: [hub.url], topics: topics.slice(0, 1), backoffMs: 20, log: (line) => lines.push(line), sleep: async (ms) => void waits.push(ms)})
    expect(outcome).toEqual({hub: hub.url, ok: true, topics: [{topic: topics[0], ok: true, attempts: 3, status: 204}]})
    expect(waits).toEqual([20, 40])
    expect(hub.requests).toHaveLength(3)
    expect(lines).toEqual([
      `pressroom: WebSub hub ${hub.url} refused ${topics[0]} (attempt 1 of 4): HTTP 503`,
      `pressroom: WebSub hub ${hub.url} refused ${topics[0]} (attempt 2 of 4): HTTP 503`
    ])
  })

  it('should give up after the retries, report the hub as failed and log it, without throwing', async () => {
    const hub = await started({failFirst: 100})
    const lines: string[] = []
    const [outcome] = await pingHubs({hubs: [hub.url], topics: topics.slice(0, 1), retries: 2, backoffMs: 1, log: (line) => lines.push(line)})
    expect(outcome?.ok).toBe(false)
    expect(outcome?.topics).toEqual([{topic: topics[0], ok: false, attempts: 3, status: 503, error: 'HTTP 503'}])
    expect(hub.requests).toHaveLength(3)
    expect(lines.at(-1)).toBe(`pressroom: WebSub hub ${hub.url} did not accept ${topics[0]}; the feeds are published, readers of that hub hear of them at their next poll`)
  })

  it('should not retry a request the hub refuses as malformed (a 4xx)', async () => {
    const hub = await started()
    const [outcome] = await pingHubs({hubs: [hub.url], topics: ['not a url'], backoffMs: 1})
    expect(outcome?.topics).toEqual([{topic: 'not a url', ok: false, attempts: 1, status: 400, error: 'HTTP 400'}])
  })

  it('should report an unreachable hub promptly and still ping the hub that is up', async () => {
    const up = await started()
    const down = `http://127.0.0.1:${await closedPort()}/hub`
    const startedAt = performance.now()
    const outcomes = await pingHubs({hubs: [down, up.url], topics, retries: 1, backoffMs: 1, timeoutMs: 2000})
    expect(performance.now() - startedAt).toBeLessThan(2000)
    expect(outcomes[0]).toMatchObject({hub: down, ok: false})
    expect(outcomes[0]?.topics.map((topic) => [topic.attempts, topic.error])).toEqual([[2, 'ECONNREFUSED'], [2, 'ECONNREFUSED']])
    expect(outcomes[1]).toMatchObject({hub: up.url, ok: true})
  })

  it('should end a request to a hub that never answers at the timeout', async () => {
    const hub = await started({silent: true})
    const startedAt = performance.now()
    const [outcome] = await pingHubs({hubs: [hub.url], topics: topics.slice(0, 1), retries: 1, backoffMs: 1, timeoutMs: 300})
    const took = performance.now() - startedAt
    expect(outcome?.topics).toEqual([{topic: topics[0], ok: false, attempts: 2, error: 'no answer within 300 ms'}])
    expect(took).toBeGreaterThanOrEqual(600)
    expect(took).toBeLessThan(5000)
  })
})
