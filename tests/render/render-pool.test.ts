import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {makeBenchNewsroom, readTree} from '../cache/bench-newsroom.js'

const now = Date.parse('2027-01-01T00:00:00Z')
let newsroom: Awaited<ReturnType<typeof makeBenchNewsroom>>

beforeAll(async () => {
  newsroom = await makeBenchNewsroom(70)
})
afterAll(() => newsroom.remove())

describe('rendering on worker threads', () => {
  it('should write byte-identical outputs and the same messages whether releases render on workers or on this thread', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const options = {config, releasesDir: newsroom.releasesDir, now, cwd: newsroom.dir}
    const single = await build({...options, outDir: join(newsroom.dir, 'single'), workers: 0})
    const pooled = await build({...options, outDir: join(newsroom.dir, 'pooled'), workers: 2})
    expect(single.ok).toBe(true)
    expect(pooled.rendered).toBe(72)
    const messages = (result: typeof single) => result.files.map((file) => file.messages.map((message) => [String(message), message.fatal, message.note, message.ruleId, message.source]))
    expect(messages(pooled)).toEqual(messages(single))
    expect(messages(single).flat().map((entry) => entry[3])).toEqual(expect.arrayContaining(['raw-html-removed', 'unknown-key', 'summary-too-long']))
    const a = await readTree(join(newsroom.dir, 'single'))
    const b = await readTree(join(newsroom.dir, 'pooled'))
    expect([...b.keys()]).toEqual([...a.keys()])
    expect(a.size).toBeGreaterThan(100)
    for (const [path, bytes] of a) expect(b.get(path)?.equals(bytes), path).toBe(true)
  })
})
