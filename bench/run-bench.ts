import {appendFile, mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {availableParallelism, cpus, loadavg} from 'node:os'
import {join} from 'node:path'
import {benchDir, cliPath, snapshotDist} from './bench-paths.js'
import {benchCards, type CardBench} from './card-bench.js'
import {benchDigest, type DigestBench} from './digest-bench.js'
import {astroVersion, ensureAstro, prepareAstroProject, runAstro} from './astro-peer.js'
import {prepareDeploy} from './ci-deploy.js'
import {ensureEleventy, eleventyVersion, prepareEleventyProject, runEleventy} from './eleventy-peer.js'
import {generateCorpus} from './generate-corpus.js'
import {benchSenders, type SendersBench} from './senders-bench.js'
import {ensureHugo, hugoVersion, prepareHugoProject, runHugo} from './hugo-peer.js'
import {runParseFloor} from './parse-floor.js'
import {median, runChild, type ChildRun} from './run-child.js'
import {printTable, type BenchReport, type PeerName, type PeerResult, type SizeResult} from './print-table.js'
import type {SinkKind} from './start-sink-process.js'

const usage = `npm run bench -- [options]
  A full run (the defaults) takes about 20 minutes on a quiet 2-core machine.
  --only=digest        measure the digest only (a couple of minutes); the build figures in results.json are kept
  --sizes=1000,4000    corpus sizes to build (default 1000,4000,10000; --sizes= builds none)
  --runs=3             runs per size below 10k (default 3)
  --big-runs=2         runs at 10k (default 2)
  --peers=floor,astro,hugo,eleventy
                       what is measured beside pressroom, in alternation with its cold builds (default all; --peers= none):
                       floor: the parse floor (release bodies parsed with the build's GFM set-up on as many threads);
                       astro: Astro 5 (npm install into bench/.peers/astro); hugo: Debian's hugo (apt-get as root);
                       eleventy: Eleventy 3 (npm install into bench/.peers)
  --astro-sizes=4000   the sizes Astro builds (default 4000: it needs minutes and much memory at 10k)
  --subscribers=10000  digest recipients (default 10000)
  --digest-runs=3      digest runs, each pressroom and bare nodemailer on the same sink (default 3)
  --sink=lean          the SMTP sink: lean (node:net, default) or smtp-server; it runs in its own process
  --digest-profile     write a --cpu-prof profile of each pressroom digest to bench/.build/profiles/`

const known = new Set(['only', 'sizes', 'runs', 'big-runs', 'peers', 'astro-sizes', 'subscribers', 'digest-runs', 'sink', 'digest-profile', 'help'])
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]))
// A mistyped flag would otherwise fall back to the default and silently run the whole bench.
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
const runs = Number(args.get('runs') ?? 3)
const bigRuns = Number(args.get('big-runs') ?? 2)
const allPeers: readonly PeerName[] = ['floor', 'astro', 'hugo', 'eleventy']
const peers = (args.get('peers') ?? allPeers.join(',')).split(',').filter(Boolean) as PeerName[]
const unknownPeers = peers.filter((peer) => !allPeers.includes(peer))
if (unknownPeers.length > 0) {
  process.stderr.write(`Unexpected --peers=${unknownPeers.join(',')}, expected some of ${allPeers.join(',')}\n${usage}\n`)
  process.exit(2)
}
const astroSizes = new Set((args.get('astro-sizes') ?? '4000').split(',').filter(Boolean).map(Number))
const subscribers = Number(args.get('subscribers') ?? 10_000)
const digestRuns = Number(args.get('digest-runs') ?? 3)
const profileDir = args.has('digest-profile') ? join(benchDir, '.build', 'profiles') : undefined
const now = '2027-01-01T00:00:00Z'
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

/** How to measure one peer at one size: set its project up from the corpus, run it cold, and clear up after. */
interface PeerStep {
  name: PeerName
  label: string
  prepare: (corpusDir: string, size: number) => Promise<string>
  run: (project: string) => Promise<ChildRun>
  /** Whether its project is a copy of its own, removed after the size (the floor reads the corpus itself). */
  ownProject: boolean
}

const peerSteps: Record<PeerName, PeerStep> = {
  floor: {name: 'floor', label: 'parse floor', prepare: async (dir) => dir, run: (dir) => runParseFloor(dir), ownProject: false},
  astro: {name: 'astro', label: 'Astro 5', prepare: async (dir, size) => project(dir, `a${size}`, prepareAstroProject), run: runAstro, ownProject: true},
  hugo: {name: 'hugo', label: 'Hugo', prepare: async (dir, size) => project(dir, `h${size}`, prepareHugoProject), run: runHugo, ownProject: true},
  eleventy: {name: 'eleventy', label: 'Eleventy 3', prepare: async (dir, size) => project(dir, `e${size}`, prepareEleventyProject), run: runEleventy, ownProject: true}
}

async function project(corpusDir: string, name: string, prepare: (corpusDir: string, projectDir: string) => Promise<void>): Promise<string> {
  const dir = join(benchDir, 'corpus', name)
  await prepare(corpusDir, dir)
  return dir
}

/**
 * Measure one size: each run a cold build followed by a CI deploy, and each peer's cold build, in an order that turns by
 * one every run (noise on the shared machine then falls on all alike); then one-edit and no-op rebuilds.
 */
async function benchSize(size: number, notReady: ReadonlyMap<PeerName, string>): Promise<SizeResult> {
  const count = size >= 10_000 ? bigRuns : runs
  const dir = join(benchDir, 'corpus', `c${size}`)
  const deployDir = join(benchDir, 'corpus', `d${size}`)
  await log(`corpus of ${size} releases, ${count} runs each`)
  await generateCorpus({dir, count: size, seed: 42})
  const steps = peers.filter((name) => name !== 'astro' || astroSizes.has(size)).map((name) => peerSteps[name])
  const results = new Map<PeerName, PeerResult>()
  const projects = new Map<PeerName, string>()
  for (const step of steps) {
    const why = notReady.get(step.name)
    if (why) results.set(step.name, {error: why})
    else projects.set(step.name, await step.prepare(dir, size))
  }
  const loadDuring: number[] = []
  const cold: number[] = []
  const rss: number[] = []
  const deploy: number[] = []
  let deployRendered = -1
  const peerWalls = new Map<PeerName, number[]>(steps.map((step) => [step.name, []]))
  const peerPeaks = new Map<PeerName, number[]>(steps.map((step) => [step.name, []]))
  const pressroomStep = async (run: number) => {
    // Cold as CI sees it without a cache: no out folder, no cache.
    await rm(join(dir, 'out'), {recursive: true, force: true})
    // The build folders `out` linked to go too: a CI checkout has none, and a cold build that finds the last run's
    // folders spends its end deleting two whole builds' files before it writes its own.
    await rm(join(dir, '.out.builds'), {recursive: true, force: true})
    await rm(join(dir, '.pressroom-cache'), {recursive: true, force: true})
    const result = await build(dir, [], true)
    cold.push(result.wallMs)
    rss.push(mib(result.maxRssKiB))
    await log(`  cold ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, peak ${mib(result.maxRssKiB)} MiB, rendered ${result.stats?.rendered}; load ${loadavg()[0]?.toFixed(1)}`)
    // A deploy restores the cache of this build into a fresh checkout with one release more.
    await prepareDeploy(dir, deployDir, run)
    loadDuring.push(loadavg()[0] as number)
    const deployed = await build(deployDir)
    deploy.push(deployed.wallMs)
    deployRendered = deployed.stats?.rendered ?? -1
    await log(`  CI deploy ${run + 1}: ${(deployed.wallMs / 1000).toFixed(2)} s, rendered ${deployRendered}`)
  }
  const order: Array<PeerName | 'pressroom'> = ['pressroom', ...projects.keys()]
  for (let run = 0; run < count; run++) {
    for (let turn = 0; turn < order.length; turn++) {
      const name = order[(turn + run) % order.length] as PeerName | 'pressroom'
      loadDuring.push(loadavg()[0] as number)
      if (name === 'pressroom') {
        await pressroomStep(run)
        continue
      }
      if (results.has(name)) continue
      const step = peerSteps[name]
      const result = await step.run(projects.get(name) as string)
      if (result.code !== 0) {
        results.set(name, {error: `${step.label} exited ${result.code}: ${result.stderr.replace(/^\s*(Command|User|System|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File|Socket|Signals|Page|Exit).*$/gm, '').trim().slice(-500)}`})
        await log(`  ${step.label} failed: ${(results.get(name) as {error: string}).error}`)
        continue
      }
      peerWalls.get(name)?.push(result.wallMs)
      peerPeaks.get(name)?.push(mib(result.maxRssKiB))
      await log(`  ${step.label} cold ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, peak ${mib(result.maxRssKiB)} MiB; load ${loadavg()[0]?.toFixed(1)}`)
    }
  }
  for (const step of steps) {
    const walls = peerWalls.get(step.name) ?? []
    if (!results.has(step.name)) results.set(step.name, {wallMs: median(walls), peakRssMiB: median(peerPeaks.get(step.name) ?? []), all: walls})
    if (step.ownProject && projects.has(step.name)) await rm(projects.get(step.name) as string, {recursive: true, force: true})
  }
  await rm(deployDir, {recursive: true, force: true})
  const rebuild: number[] = []
  let rendered = 0
  for (let run = 0; run < count; run++) {
    await editOneRelease(dir, run)
    loadDuring.push(loadavg()[0] as number)
    const result = await build(dir)
    rebuild.push(result.wallMs)
    rendered = result.stats?.rendered ?? -1
    await log(`  rebuild after one edit ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, rendered ${rendered}`)
  }
  const noOp: number[] = []
  let upToDate = true
  for (let run = 0; run < count; run++) {
    loadDuring.push(loadavg()[0] as number)
    const result = await build(dir)
    noOp.push(result.wallMs)
    upToDate &&= result.stats?.upToDate === true
    await log(`  no-op ${run + 1}: ${(result.wallMs / 1000).toFixed(3)} s, up to date ${result.stats?.upToDate}`)
  }
  return {
    releases: size,
    runs: count,
    cold: {wallMs: median(cold), peakRssMiB: median(rss), all: cold},
    deploy: {wallMs: median(deploy), rendered: deployRendered, all: deploy},
    rebuildOne: {wallMs: median(rebuild), rendered, all: rebuild},
    noOp: {wallMs: median(noOp), upToDate, all: noOp},
    ...Object.fromEntries(results),
    msPerRelease: median(cold) / size,
    loadDuring
  }
}

await writeFile(logFile, '')
await snapshotDist()
if (profileDir) await mkdir(profileDir, {recursive: true})
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim()
const started = new Date().toISOString()
const loadBefore = loadavg()
await log(`pressroom bench: ${sizes.length > 0 ? `sizes ${sizes.join(', ')}; ${runs} runs (${bigRuns} at 10k)` : 'digest only'}; load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}`)
// Each peer is installed when missing; one that cannot be is reported as such in the table, and the rest go on.
const notReady = new Map<PeerName, string>()
const versions: NonNullable<BenchReport['peers']> = {}
if (sizes.length > 0) {
  const installs: Partial<Record<PeerName, () => Promise<string | undefined> | string | undefined>> = {astro: ensureAstro, hugo: ensureHugo, eleventy: ensureEleventy}
  for (const name of peers) {
    const why = await installs[name]?.()
    if (why) {
      notReady.set(name, why)
      await log(`${peerSteps[name].label} not measured: ${why}`)
    }
  }
  if (peers.includes('astro') && !notReady.has('astro')) versions.astro = astroVersion()
  if (peers.includes('hugo') && !notReady.has('hugo')) versions.hugo = hugoVersion()
  if (peers.includes('eleventy') && !notReady.has('eleventy')) versions.eleventy = eleventyVersion()
}
const results: SizeResult[] = []
for (const size of sizes) results.push(await benchSize(size, notReady))
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
  report = previous ? {...previous, digest: measured} : {command, started, finished: new Date().toISOString(), machine, sizes: [], digest: measured}
} else report = {command, started, finished: new Date().toISOString(), machine, peers: versions, sizes: results, digest}
report = {...report, senders}
await writeFile(join(benchDir, 'results.json'), JSON.stringify({...report, cards}, null, 2) + '\n')
// A digest-only run prints only what it measured.
process.stdout.write(printTable(sizes.length === 0 ? {...report, sizes: []} : report) + '\n')
