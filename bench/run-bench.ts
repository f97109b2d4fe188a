import {appendFile, mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {availableParallelism, cpus, loadavg} from 'node:os'
import {join} from 'node:path'
import {benchDir, cliPath, snapshotDist} from './bench-paths.js'
import {benchCards, type CardBench} from './card-bench.js'
import {benchDigest, type DigestBench} from './digest-bench.js'
import {ensureEleventy, prepareEleventyProject, runEleventy} from './eleventy-peer.js'
import {generateCorpus} from './generate-corpus.js'
import {benchSenders, type SendersBench} from './senders-bench.js'
import {median, runChild, type ChildRun} from './run-child.js'
import {printTable, type BenchReport, type SizeResult} from './print-table.js'
import type {SinkKind} from './start-sink-process.js'

const usage = `npm run bench -- [options]
  --only=digest        measure the digest only (a couple of minutes); the build figures in results.json are kept
  --sizes=1000,4000    corpus sizes to build (default 1000,4000,10000; --sizes= builds none)
  --runs=5             runs per size below 10k (default 5)
  --big-runs=3         runs at 10k (default 3)
  --subscribers=10000  digest recipients (default 10000)
  --digest-runs=3      digest runs, each pressroom and bare nodemailer on the same sink (default 3)
  --sink=lean          the SMTP sink: lean (node:net, default) or smtp-server; it runs in its own process
  --digest-profile     write a --cpu-prof profile of each pressroom digest to bench/.build/profiles/`

const known = new Set(['only', 'sizes', 'runs', 'big-runs', 'subscribers', 'digest-runs', 'sink', 'digest-profile', 'help'])
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]))
// A mistyped flag would otherwise fall back to the default and silently run the whole 15-minute bench.
const unknown = [...args.keys()].filter((key) => !known.has(key))
if (unknown.length > 0 || args.has('help')) {
  process.stderr.write(`${unknown.length > 0 ? `Unknown option ${unknown.map((key) => `--${key}`).join(', ')}\n` : ''}${usage}\n`)
  process.exit(unknown.length > 0 ? 2 : 0)
}
const only = args.get('only')
if (args.has('only') && only !== 'digest') {
  process.stderr.write(`Unexpected --only=${only}, expected --only=digest\n${usage}\n`)
  process.exit(2)
}
const sink = (args.get('sink') ?? 'lean') as SinkKind
if (sink !== 'lean' && sink !== 'smtp-server') {
  process.stderr.write(`Unexpected --sink=${sink}, expected lean or smtp-server\n${usage}\n`)
  process.exit(2)
}
const sizes = only === 'digest' ? [] : (args.get('sizes') ?? '1000,4000,10000').split(',').filter(Boolean).map(Number)
const runs = Number(args.get('runs') ?? 5)
const bigRuns = Number(args.get('big-runs') ?? 3)
const subscribers = Number(args.get('subscribers') ?? 10_000)
const digestRuns = Number(args.get('digest-runs') ?? 3)
const profileDir = args.has('digest-profile') ? join(benchDir, '.build', 'profiles') : undefined
const now = '2027-01-01T00:00:00Z'
const recordedPeers = {eleventy4kOnDiskMs: 10_600, note: 'from issue 6, measured earlier on this machine; shown only when Eleventy could not be run'}
const cli = cliPath
const logFile = join(benchDir, 'bench.log')

async function log(line: string) {
  process.stderr.write(line + '\n')
  await appendFile(logFile, line + '\n')
}

const mib = (kib: number | undefined) => Math.round((kib ?? 0) / 1024)

async function build(dir: string, extra: string[] = [], measureMemory = false): Promise<ChildRun & {stats?: {rendered: number; upToDate: boolean}}> {
  const run = await runChild([cli, 'build', '--now', now, ...extra], {cwd: dir, env: {PRESSROOM_STATS: '1'}, measureMemory})
  if (run.code !== 0) throw new Error(`build in ${dir} failed (exit ${run.code}): ${run.stderr.slice(-3000)}`)
  const stats = /pressroom-stats (\{.*\})/.exec(run.stderr)?.[1]
  return stats ? {...run, stats: JSON.parse(stats) as {rendered: number; upToDate: boolean}} : run
}

/** Edit one release in the middle of the newsroom: a new closing paragraph, different on every run. */
async function editOneRelease(dir: string, run: number) {
  const years = (await readdir(join(dir, 'releases'))).sort()
  const year = years[years.length >> 1] as string
  const files = (await readdir(join(dir, 'releases', year))).sort()
  const file = join(dir, 'releases', year, files[files.length >> 1] as string)
  await appendFile(file, `\nUpdated for benchmark run ${run}: the figures above were confirmed by the auditors.\n`)
}

async function benchSize(size: number, eleventyError: string | undefined): Promise<SizeResult> {
  const count = size >= 10_000 ? bigRuns : runs
  const dir = join(benchDir, 'corpus', `c${size}`)
  await log(`corpus of ${size} releases, ${count} runs each`)
  await generateCorpus({dir, count: size, seed: 42})
  const cold: number[] = []
  const rss: number[] = []
  for (let run = 0; run < count; run++) {
    // Cold as CI sees it: no out folder, no cache.
    await rm(join(dir, 'out'), {recursive: true, force: true})
    await rm(join(dir, '.pressroom-cache'), {recursive: true, force: true})
    const result = await build(dir, [], true)
    cold.push(result.wallMs)
    rss.push(mib(result.maxRssKiB))
    await log(`  cold ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, peak ${mib(result.maxRssKiB)} MiB, rendered ${result.stats?.rendered}`)
  }
  const rebuild: number[] = []
  let rendered = 0
  for (let run = 0; run < count; run++) {
    await editOneRelease(dir, run)
    const result = await build(dir)
    rebuild.push(result.wallMs)
    rendered = result.stats?.rendered ?? -1
    await log(`  rebuild after one edit ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, rendered ${rendered}`)
  }
  const noOp: number[] = []
  let upToDate = true
  for (let run = 0; run < count; run++) {
    const result = await build(dir)
    noOp.push(result.wallMs)
    upToDate &&= result.stats?.upToDate === true
    await log(`  no-op ${run + 1}: ${(result.wallMs / 1000).toFixed(3)} s, up to date ${result.stats?.upToDate}`)
  }
  let eleventy: SizeResult['eleventy']
  if (eleventyError) eleventy = {error: eleventyError}
  else {
    const project = join(benchDir, 'corpus', `e${size}`)
    await prepareEleventyProject(dir, project)
    const walls: number[] = []
    const peaks: number[] = []
    for (let run = 0; run < count; run++) {
      const result = await runEleventy(project)
      if (result.code !== 0) {
        eleventy = {error: `eleventy exited ${result.code}: ${result.stderr.slice(-500)}`}
        break
      }
      walls.push(result.wallMs)
      peaks.push(mib(result.maxRssKiB))
      await log(`  eleventy cold ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, peak ${mib(result.maxRssKiB)} MiB`)
    }
    eleventy ??= {wallMs: median(walls), peakRssMiB: median(peaks), all: walls}
    await rm(project, {recursive: true, force: true})
  }
  return {
    releases: size,
    runs: count,
    cold: {wallMs: median(cold), peakRssMiB: median(rss), all: cold},
    rebuildOne: {wallMs: median(rebuild), rendered, all: rebuild},
    noOp: {wallMs: median(noOp), upToDate, all: noOp},
    eleventy,
    msPerRelease: median(cold) / size
  }
}

await writeFile(logFile, '')
await snapshotDist()
if (profileDir) await mkdir(profileDir, {recursive: true})
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim()
const started = new Date().toISOString()
const loadBefore = loadavg()
await log(`pressroom bench: ${sizes.length > 0 ? `sizes ${sizes.join(', ')}; ${runs} runs (${bigRuns} at 10k)` : 'digest only'}; load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}`)
const eleventyError = sizes.length > 0 ? await ensureEleventy() : undefined
if (eleventyError) await log(`Eleventy not measured: ${eleventyError}; the issue's recorded figure (10.6 s on disk at 4k) is shown instead`)
const results: SizeResult[] = []
for (const size of sizes) results.push(await benchSize(size, eleventyError))
let digest: DigestBench | {error: string}
try {
  await log(`digest to ${subscribers} subscribers, ${digestRuns} runs, ${sink} sink in its own process`)
  digest = await benchDigest({subscribers, runs: digestRuns, sink, profileDir, log: (line) => void log(line)})
} catch (error) {
  digest = {error: String(error instanceof Error ? error.message : error)}
  await log(`digest not measured: ${digest.error}`)
}
// Senders on several hosts: the combined rate of two senders sharing one PostgreSQL send, next to one sender's.
let senders: SendersBench | {error: string}
try {
  await log(`two senders on one PostgreSQL store, ${subscribers} subscribers, ${sink} sink`)
  senders = await benchSenders({subscribers, sink, log: (line) => void log(line)})
} catch (error) {
  senders = {error: String(error instanceof Error ? error.message : error)}
  await log(`senders not measured: ${senders.error}`)
}
// A cold build draws a card per release without an image: what one costs, per script, beside the build figures.
let cards: CardBench | {error: string}
try {
  cards = await benchCards()
  await log(`social cards: ${cards.latinMs.toFixed(1)} ms per Latin card, ${cards.chineseMs.toFixed(1)} ms Chinese, ${cards.arabicMs.toFixed(1)} ms Arabic (median of ${cards.cards} each)`)
} catch (error) {
  cards = {error: String(error instanceof Error ? error.message : error)}
  await log(`social cards not measured: ${cards.error}`)
}
const machine = {cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg()}
let report: BenchReport
if (sizes.length === 0) {
  // A digest-only run replaces the digest figures and keeps the last build figures, each with the command and load
  // average they were measured under.
  const previous = await readFile(join(benchDir, 'results.json'), 'utf8').then((text) => JSON.parse(text) as BenchReport, () => undefined)
  const measured = 'error' in digest ? digest : {...digest, command}
  report = previous ? {...previous, digest: measured} : {command, started, finished: new Date().toISOString(), machine, recordedPeers, sizes: [], digest: measured}
} else report = {command, started, finished: new Date().toISOString(), machine, recordedPeers, sizes: results, digest}
report = {...report, senders}
await writeFile(join(benchDir, 'results.json'), JSON.stringify({...report, cards}, null, 2) + '\n')
// A digest-only run prints only what it measured.
process.stdout.write(printTable(sizes.length === 0 ? {...report, sizes: []} : report) + '\n')
