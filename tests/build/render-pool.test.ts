import {readdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
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

  it('should store bodies from the workers in the build cache so that a later build reads them back byte for byte', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const outDir = join(newsroom.dir, 'cached', 'out')
    const options = {config, releasesDir: newsroom.releasesDir, now, cwd: newsroom.dir, outDir, workers: 2, cache: 'reuse' as const}
    const uncached = await build({...options, outDir: join(newsroom.dir, 'reference'), cache: undefined, workers: 0})
    const cold = await build(options)
    expect(cold.rendered).toBe(72)
    expect(cold.files.map((file) => file.messages.map(String))).toEqual(uncached.files.map((file) => file.messages.map(String)))
    // Without out/, every page is rendered again, from the bodies the workers stored.
    await rm(outDir, {recursive: true})
    expect((await build(options)).rendered).toBe(0)
    const expected = await readTree(join(newsroom.dir, 'reference'))
    const actual = await readTree(outDir)
    expect([...actual.keys()]).toEqual([...expected.keys()])
    for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true)
  })

  it('should notice a damaged cached body that a worker thread reads for a page, and build again from the sources', async () => {
    const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
    const outDir = join(newsroom.dir, 'damaged', 'out')
    const options = {config, releasesDir: newsroom.releasesDir, now, cwd: newsroom.dir, outDir, workers: 2, cache: 'reuse' as const}
    await build(options)
    const bodies = join(newsroom.dir, 'damaged', '.pressroom-cache', 'renders', 'bodies')
    for (const name of await readdir(bodies)) await writeFile(join(bodies, name), '<p>tampered</p>')
    // Without out/ and the stored outputs, every page is written again, on the pool, from the (now damaged) bodies.
    await rm(outDir, {recursive: true})
    await rm(join(newsroom.dir, 'damaged', '.pressroom-cache', 'output-files'), {recursive: true})
    const result = await build(options)
    expect(result.ok).toBe(true)
    expect(result.rendered).toBe(72)
    await build({...options, outDir: join(newsroom.dir, 'damaged-reference'), cache: undefined, workers: 0})
    const expected = await readTree(join(newsroom.dir, 'damaged-reference'))
    const actual = await readTree(outDir)
    expect([...actual.keys()]).toEqual([...expected.keys()])
    for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true)
  })
})
