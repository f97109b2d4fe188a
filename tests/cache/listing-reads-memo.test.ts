import {appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openListingReadsMemo} from '../../src/cache/listing-reads-memo.js'
import type {ListingTemplate} from '../../src/plan/output-plan.js'
import {templatesDir} from '../../src/liquid/create-liquid.js'
import {liquidEngines} from '../../src/liquid/liquid-engines.js'
import {listingReads} from '../../src/site/listing-reads.js'
import {sitePlan} from '../../src/site/site-plan.js'
import {writeSite} from '../../src/site/write-site.js'
import {sampleReleases} from '../site/sample-releases.js'
import {testConfig} from '../support/test-config.js'

let dir: string
let root: string
let memoFile: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-listing-reads-'))
  root = join(dir, 'templates')
  cpSync(templatesDir, root, {recursive: true})
  memoFile = join(dir, 'listing-reads.json')
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

/** One build's planning: each listing template's reads through a memo opened afresh, counting the analyses it ran. */
function plan(options: {fresh?: boolean} = {}) {
  const memo = openListingReadsMemo(memoFile, options)
  // A new engine per build, as a build makes: nothing parsed by the last one is left.
  const liquid = liquidEngines()(root)
  let analysed = 0
  const reads = Object.fromEntries((['index', 'tag', 'archive'] as ListingTemplate[]).map((kind) => [kind, memo.readsOf(root, kind, () => (analysed++, listingReads(liquid, kind)))]))
  memo.save()
  return {reads, analysed}
}

describe('the listing reads memo', () => {
  it('should analyse the listing templates once, and give the next build what they read without parsing them', () => {
    const first = plan()
    expect(first.analysed).toBe(3)
    const second = plan()
    expect(second.analysed).toBe(0)
    expect(second.reads).toEqual(first.reads)
  })

  it('should analyse again the template whose file changed, and find what it reads now', () => {
    const first = plan()
    expect(first.reads.index?.bodies).toBe(false)
    // The index now shows each entry's body: its pages must be keyed by the bodies from this build on.
    appendFileSync(join(root, 'index.liquid'), '\n{% for release in releases %}{{ release.html }}{% endfor %}\n')
    const second = plan()
    expect(second.analysed).toBe(1)
    expect(second.reads.index?.bodies).toBe(true)
    expect(second.reads.tag).toEqual(first.reads.tag)
  })

  it('should analyse every listing template again when the entry partial changes, and find the body it shows now', () => {
    expect(plan().reads.tag?.bodies).toBe(false)
    // Every listing prints `release.entry`, which no listing template names as a file: a body shown there is shown by all.
    appendFileSync(join(root, 'partials', 'release-entry.liquid'), '\n{{ release.html | raw }}\n')
    const second = plan()
    expect(second.analysed).toBe(3)
    for (const kind of ['index', 'tag', 'archive'] as const) expect(second.reads[kind]?.bodies, kind).toBe(true)
  })

  it('should analyse every template again for a build without the cache, and remember that for the next', () => {
    plan()
    expect(plan({fresh: true}).analysed).toBe(3)
    expect(plan().analysed).toBe(0)
  })

  it('should analyse again when the remembered file is damaged', () => {
    plan()
    appendFileSync(memoFile, '{')
    expect(readFileSync(memoFile, 'utf8').endsWith('{')).toBe(true)
    expect(plan().analysed).toBe(3)
  })

  it("should analyse each listing template once in a build that plans and writes the site, the writer taking the plan's answer", async () => {
    const memo = openListingReadsMemo(memoFile)
    const analysed: string[] = []
    const asked: string[] = []
    const readsOf = (from: string) => (at: string, kind: ListingTemplate, analyze: () => ReturnType<typeof listingReads>) => {
      asked.push(`${from} ${kind}`)
      return memo.readsOf(at, kind, () => (analysed.push(kind), analyze()))
    }
    const config = testConfig()
    const releases = sampleReleases()
    sitePlan(config, releases, {templatesDir: root, readsOf: readsOf('plan')})
    await writeSite({config, releases, outDir: join(dir, 'out'), now: Date.parse('2026-01-01T00:00:00Z')}, {templatesDir: root, readsOf: readsOf('writer')})
    // Both asked for the index, tag and archive templates; each was analysed once.
    for (const kind of ['index', 'tag', 'archive']) expect(asked).toEqual(expect.arrayContaining([`plan ${kind}`, `writer ${kind}`]))
    expect(analysed.length).toBe(new Set(analysed).size)
    expect(analysed).toEqual(expect.arrayContaining(['index', 'tag', 'archive']))
  })
})
