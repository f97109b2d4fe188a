import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {chromiumPath} from '../support/launch-chromium.js'
import {serveFolder} from '../support/serve-folder.js'

// The repository's sample newsroom, built as `npm start` builds it and served on 127.0.0.1.
const repo = fileURLToPath(new URL('../../', import.meta.url))
const scoresFile = fileURLToPath(new URL('../artifacts/lighthouse.json', import.meta.url))
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const minimum = 95
// Lighthouse's two presets: its `desktop-config` (a newsroom is read at desks as much as on phones), and its default,
// a phone's screen on a slow 4G connection (what a reporter opening a release from an email sees).
const desktop = {
  formFactor: 'desktop',
  screenEmulation: {mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false},
  throttling: {rttMs: 40, throughputKbps: 10 * 1024, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0}
} as const
// The mobile preset slows the CPU fourfold, which stands for a mid-range phone only on a fast desktop: Lighthouse's
// `benchmarkIndex` of that phone is about 1000 (Chrome DevTools' CPU calibration uses the same figure), so the slowdown
// is this machine's index over 1000, at most the preset's four and never below one. A shared test machine scores far
// lower than a developer's desktop, and its fourfold slowdown measured a phone years older than any reader's.
const midPhoneBenchmark = 1000
const mobileSettings = (benchmarkIndex: number) => ({
  formFactor: 'mobile',
  throttling: {rttMs: 150, throughputKbps: 1.6 * 1024, requestLatencyMs: 150 * 3.75, downloadThroughputKbps: 1.6 * 1024 * 0.9, uploadThroughputKbps: 750 * 0.9, cpuSlowdownMultiplier: Math.min(4, Math.max(1, benchmarkIndex / midPhoneBenchmark))}
}) as const
// Performance varies from run to run; Lighthouse's own advice is to take the median of several.
const runs = 3

/** The pages audited: add one here (the archive, an organization) and the test holds it to the same bar. */
const pages = [
  {name: 'home', path: '/'},
  {name: 'release with media', path: '/releases/2026-09-14-harbour-shore-power-pilot/'},
  {name: 'release without media', path: '/releases/2026-11-24-winter-grid-readiness/'},
  {name: 'search', path: '/search/?q=ferry'}
]

let dir = ''
let server: Awaited<ReturnType<typeof serveFolder>> | undefined
let chrome: chromeLauncher.LaunchedChrome | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-lighthouse-'))
  const out = join(dir, 'out')
  server = await serveFolder(out)
  const config = {...loadConfig(undefined, repo), baseUrl: server.origin}
  const result = await build({config, releasesDir: 'releases', outDir: out, now: Date.parse('2026-12-15T12:00:00Z'), cwd: repo, publicDir: 'public'})
  expect(result.ok, result.files.flatMap((file) => file.messages.map(String)).join('\n')).toBe(true)
  chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    connectionPollInterval: 250,
    maxConnectionRetries: 200
  })
}, 120_000)

afterAll(async () => {
  chrome?.kill()
  await server?.close()
  await rm(dir, {recursive: true, force: true})
})

describe('Lighthouse on the sample newsroom', () => {
  it(`should score at least ${minimum} in performance, accessibility, best practices and SEO on every audited page, at a desk and on a phone`, async () => {
    const scores: Record<string, Record<string, Record<string, number>>> = {}
    const failures: string[] = []
    const benchmarks: number[] = []
    const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
    // Desktop first: its runs measure the machine's benchmark index, which sets the phone's CPU slowdown.
    const formFactors = [{name: 'desktop', settings: () => desktop}, {name: 'mobile', settings: () => mobileSettings(median(benchmarks))}] as const
    const used: Record<string, unknown> = {}
    // One Chromium, one page at a time: Lighthouse drives one tab, and its timings mean nothing with another audit beside it.
    for (const formFactor of formFactors) {
      const settings = formFactor.settings()
      used[formFactor.name] = settings
      for (const page of pages) {
        const results = []
        for (let run = 0; run < runs; run++) {
          const result = await lighthouse(`${server?.origin}${page.path}`, {port: chrome?.port, output: 'json', logLevel: 'error', onlyCategories: [...categories], ...settings})
          if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`)
          expect(result.lhr.runtimeError, `${page.path}: ${result.lhr.runtimeError?.message}`).toBeUndefined()
          expect(result.lhr.configSettings.formFactor).toBe(settings.formFactor)
          if (formFactor.name === 'desktop') benchmarks.push(result.lhr.environment.benchmarkIndex)
          results.push(result.lhr)
        }
        const lhr = results.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0))[Math.floor(runs / 2)]!
        const pageScores = Object.fromEntries(categories.map((category) => [category, Math.round((lhr.categories[category]?.score ?? 0) * 100)]))
        ;(scores[page.name] ??= {})[formFactor.name] = pageScores
        for (const category of categories) {
          const score = pageScores[category] ?? 0
          if (score >= minimum) continue
          // Name what cost the points, so a failure says what to fix.
          const lost = (lhr.categories[category]?.auditRefs ?? [])
            .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
            .map((ref) => `${ref.id} (${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score})`)
          failures.push(`${page.name} ${formFactor.name} ${category} ${score}: ${lost.join(', ')}`)
        }
      }
    }
    await mkdir(join(scoresFile, '..'), {recursive: true})
    const record = {minimum, runs, benchmarkIndex: median(benchmarks), throttling: Object.fromEntries(Object.entries(used).map(([name, settings]) => [name, (settings as {throttling: unknown}).throttling])), pages: pages.map((page) => ({...page, scores: scores[page.name]}))}
    await writeFile(scoresFile, JSON.stringify(record, null, 2) + '\n')
    expect(failures).toEqual([])
  }, 1_800_000)
})
