import type {DigestBench} from './digest-bench.js'
import type {SendersBench} from './senders-bench.js'

/** A peer's (or the parse floor's) figures at one size: medians over the runs, or why it was not measured. */
export type PeerResult = {wallMs: number; peakRssMiB: number; all: number[]} | {error: string}

/** The steps measured beside pressroom's builds, as `--peers=` names them. */
export type PeerName = 'floor' | 'astro' | 'hugo' | 'eleventy'

/** The figures of one corpus size: medians over `runs` runs, times in ms, memory in MiB. */
export interface SizeResult {
  releases: number
  runs: number
  cold: {wallMs: number; peakRssMiB: number; all: number[]}
  /** A CI deploy: fresh checkout, no `out/`, the last build's cache restored, one new release. */
  deploy?: {wallMs: number; rendered: number; all: number[]}
  rebuildOne: {wallMs: number; rendered: number; all: number[]}
  noOp: {wallMs: number; upToDate: boolean; all: number[]}
  floor?: PeerResult
  astro?: PeerResult
  hugo?: PeerResult
  eleventy?: PeerResult
  msPerRelease: number
  /** The one-minute load average as each measured step of this size started. */
  loadDuring?: number[]
}

/** What `results.json` holds. */
export interface BenchReport {
  command: string
  started: string
  finished: string
  machine: {cores: number; cpu: string; node: string; loadAverageBefore: number[]; loadAverageAfter: number[]}
  /** The peers' versions as installed for this run. */
  peers?: Partial<Record<Exclude<PeerName, 'floor'>, string>>
  /** A peer's figure from an earlier issue, in results of runs before every peer was measured in the same run. */
  recordedPeers?: {eleventy4kOnDiskMs: number; note: string}
  sizes: SizeResult[]
  digest: DigestBench | {error: string}
  /** Two senders sharing one PostgreSQL send; absent in reports from before it was measured. */
  senders?: SendersBench | {error: string}
}

/** One target of issue 26: what was measured against what, and whether it is met. */
export interface Target {
  name: string
  /** The figure as the table shows it, or why it could not be measured. */
  measured: string
  target: string
  met: boolean | undefined
}

/** The size the ratio targets are set at; a run without it checks them at its largest size, and says so. */
export const targetSize = 4000

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const load = (values: readonly number[]) => values.map((value) => value.toFixed(1)).join(' ')
const measured = (peer: PeerResult | undefined) => (peer && !('error' in peer) ? peer : undefined)
const thousands = (releases: number) => (releases % 1000 === 0 ? `${releases / 1000}k` : String(releases))

/** A ratio target `numerator / denominator <= limit`, unmeasured when either side is missing. */
function ratio(name: string, numerator: number | undefined, denominator: number | undefined, limit: number, extra = true): Target {
  const target = `<= ${limit}x`
  if (numerator === undefined || denominator === undefined) return {name, measured: 'not measured', target, met: undefined}
  const value = numerator / denominator
  return {name, measured: `${value.toFixed(3)}x (${seconds(numerator)} / ${seconds(denominator)})`, target, met: value <= limit && extra}
}

/** Load averages of one size as `min-max (median m)`, or '-' when none were taken. */
function loadRange(values: readonly number[] | undefined): string {
  if (!values || values.length === 0) return '-'
  const sorted = [...values].sort((a, b) => a - b)
  return `${(sorted[0] as number).toFixed(1)}-${(sorted[sorted.length - 1] as number).toFixed(1)}`
}

/** Issue 26's targets, each a ratio of figures of the same run, checked at 4k (or the largest size run) and 10k. */
export function targetsOf(report: BenchReport): Target[] {
  const sizes = report.sizes
  if (sizes.length === 0) return []
  const at = sizes.find((size) => size.releases === targetSize) ?? sizes.reduce((big, size) => (size.releases > big.releases ? size : big))
  const where = at.releases === targetSize ? 'at 4k' : `at ${thousands(at.releases)} (no 4k run; the targets are set at 4k)`
  const hugo = measured(at.hugo)?.wallMs
  const targets = [
    ratio(`cold / parse floor ${where}`, at.cold.wallMs, measured(at.floor)?.wallMs, 1.2),
    ratio(`cold / Astro 5 cold ${where}`, at.cold.wallMs, measured(at.astro)?.wallMs, 0.25),
    ratio(`CI deploy / Hugo cold ${where}`, at.deploy?.wallMs, hugo, 0.5, at.deploy?.rendered === 1),
    ratio(`CI deploy / Eleventy 3 cold ${where}`, at.deploy?.wallMs, measured(at.eleventy)?.wallMs, 0.35, at.deploy?.rendered === 1),
    ratio(`one edit / Hugo cold ${where}`, at.rebuildOne.wallMs, hugo, 0.1),
    ratio(`no-op / Hugo cold ${where}`, at.noOp.wallMs, hugo, 0.05, at.noOp.upToDate)
  ]
  const ten = sizes.find((size) => size.releases === 10_000)
  targets.push(ten
    ? {name: 'peak RSS of a cold build at 10k', measured: `${ten.cold.peakRssMiB} MiB`, target: '< 300 MiB', met: ten.cold.peakRssMiB < 300}
    : {name: 'peak RSS of a cold build at 10k', measured: 'not measured (no 10k run)', target: '< 300 MiB', met: undefined})
  const first = sizes[0] as SizeResult
  const last = sizes[sizes.length - 1] as SizeResult
  const perRelease = sizes.map((size) => `${thousands(size.releases)}: ${size.msPerRelease.toFixed(2)}`).join(', ')
  targets.push(first === last
    ? {name: 'linear cost, cold ms per release', measured: `${perRelease} (one size only)`, target: 'x1.25 at most from smallest to largest', met: undefined}
    : {name: 'linear cost, cold ms per release', measured: `${perRelease} (x${(last.msPerRelease / first.msPerRelease).toFixed(2)})`, target: 'x1.25 at most from smallest to largest', met: last.msPerRelease / first.msPerRelease <= 1.25})
  return targets
}

const peerCell = (peer: PeerResult | undefined, what: 'wallMs' | 'peakRssMiB') => {
  if (peer === undefined) return 'not run'
  if ('error' in peer) return 'failed'
  return what === 'wallMs' ? seconds(peer.wallMs) : `${peer.peakRssMiB} MiB`
}

/** The bench output: the times and the memory of each corpus size, each target of issue 26 with its verdict, the digest. */
export function printTable(report: BenchReport): string {
  const times = [
    '| releases | runs | cold build | cold ms/release | parse floor | Astro 5 cold | Hugo cold | Eleventy 3 cold | CI deploy | one edit | no-op | load average during |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  const memory = ['| releases | pressroom cold | parse floor | Astro 5 | Hugo | Eleventy 3 |', '|---:|---:|---:|---:|---:|---:|']
  const failures: string[] = []
  for (const size of report.sizes) {
    const deploy = size.deploy ? `${seconds(size.deploy.wallMs)} (${size.deploy.rendered} rendered)` : 'not run'
    times.push(
      `| ${size.releases} | ${size.runs} | ${seconds(size.cold.wallMs)} | ${size.msPerRelease.toFixed(2)} | ${peerCell(size.floor, 'wallMs')} | ${peerCell(size.astro, 'wallMs')} | ` +
        `${peerCell(size.hugo, 'wallMs')} | ${peerCell(size.eleventy, 'wallMs')} | ${deploy} | ${seconds(size.rebuildOne.wallMs)} (${size.rebuildOne.rendered} rendered) | ` +
        `${seconds(size.noOp.wallMs)}${size.noOp.upToDate ? '' : ' (rebuilt!)'} | ${loadRange(size.loadDuring)} |`
    )
    memory.push(`| ${size.releases} | ${size.cold.peakRssMiB} MiB | ${peerCell(size.floor, 'peakRssMiB')} | ${peerCell(size.astro, 'peakRssMiB')} | ${peerCell(size.hugo, 'peakRssMiB')} | ${peerCell(size.eleventy, 'peakRssMiB')} |`)
    for (const name of ['floor', 'astro', 'hugo', 'eleventy'] as const) {
      const peer = size[name]
      if (peer && 'error' in peer) failures.push(`${name} at ${size.releases}: ${peer.error}`)
    }
  }
  const during = report.sizes.flatMap((size) => size.loadDuring ?? [])
  const peers = Object.entries(report.peers ?? {}).map(([name, version]) => `${name} ${version}`).join(', ')
  const builds = `${report.command}  (${report.machine.cores} cores; load average before ${load(report.machine.loadAverageBefore)}, during ${loadRange(during)}, after ${load(report.machine.loadAverageAfter)}${peers ? `; ${peers}` : ''})`
  const lines = report.sizes.length > 0 ? [builds, '', ...times, '', 'peak RSS, cold:', '', ...memory, '', ...failures.map((failure) => `not measured: ${failure}`)] : []
  const digest = report.digest
  if ('error' in digest) lines.push(`digest: not measured (${digest.error})`)
  else {
    if (digest.command) lines.push(`${digest.command}  (load average before ${load(digest.loadAverageBefore)}, after ${load(digest.loadAverageAfter)})`, '')
    lines.push(
      `digest to ${digest.subscribers} subscribers (${digest.runs} runs, send log on, ${digest.sink} sink in its own process, ${Math.round(digest.messageBytes / 1024)} KiB a message): ` +
        `${digest.digestPerSecond.toFixed(0)} msg/s (process ${seconds(digest.digestWallMs)}); bare nodemailer pool of 5: ${digest.barePerSecond.toFixed(0)} msg/s; ratio ${(digest.ratio * 100).toFixed(0)} %`
    )
    for (const [index, run] of digest.all.entries()) {
      lines.push(`  run ${index + 1} (${run.first} first): pressroom ${run.digestPerSecond.toFixed(0)} msg/s, bare ${run.barePerSecond.toFixed(0)} msg/s, ${(run.ratio * 100).toFixed(0)} %; load average ${load(run.loadAverage)}`)
    }
  }
  const senders = report.senders
  if (senders && 'error' in senders) lines.push(`senders on several hosts: not measured (${senders.error})`)
  else if (senders) {
    lines.push(
      `senders on one PostgreSQL store, ${senders.subscribers} subscribers (${senders.sink} sink, load average before ${load(senders.loadAverageBefore)}, after ${load(senders.loadAverageAfter)}): ` +
        `one sender ${senders.singlePerSecond.toFixed(0)} msg/s; two senders combined ${senders.combinedPerSecond.toFixed(0)} msg/s (x${(senders.combinedPerSecond / senders.singlePerSecond).toFixed(2)})`
    )
  }
  lines.push('', 'targets (issue 26, each a ratio of figures of this run):')
  for (const target of targetsOf(report)) {
    lines.push(`- ${target.name}: ${target.measured}; target ${target.target}: ${target.met === undefined ? 'not checked' : target.met ? 'met' : 'NOT met'}`)
  }
  if (!('error' in digest)) lines.push(`- digest >= 1,000 msg/s and >= 70 % of bare nodemailer: ${digest.digestPerSecond.toFixed(0)} msg/s, ${(digest.ratio * 100).toFixed(0)} %: ${digest.digestPerSecond >= 1000 && digest.ratio >= 0.7 ? 'met' : 'NOT met'}`)
  return lines.join('\n')
}
