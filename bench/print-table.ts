import type {DigestBench} from './digest-bench.js'
import type {SendersBench} from './senders-bench.js'

/** The figures of one corpus size: medians over `runs` runs, times in ms, memory in MiB. */
export interface SizeResult {
  releases: number
  runs: number
  cold: {wallMs: number; peakRssMiB: number; all: number[]}
  rebuildOne: {wallMs: number; rendered: number; all: number[]}
  noOp: {wallMs: number; upToDate: boolean; all: number[]}
  eleventy?: {wallMs: number; peakRssMiB: number; all: number[]} | {error: string}
  msPerRelease: number
}

/** What `results.json` holds. */
export interface BenchReport {
  command: string
  started: string
  finished: string
  machine: {cores: number; cpu: string; node: string; loadAverageBefore: number[]; loadAverageAfter: number[]}
  recordedPeers: {eleventy4kOnDiskMs: number; note: string}
  sizes: SizeResult[]
  digest: DigestBench | {error: string}
  /** Two senders sharing one PostgreSQL send; absent in reports from before it was measured. */
  senders?: SendersBench | {error: string}
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const load = (values: readonly number[]) => values.map((value) => value.toFixed(1)).join(' ')
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')

/** The bench output: one row per corpus size, then each target of issue 6 with its verdict. */
export function printTable(report: BenchReport): string {
  const rows = [
    '| releases | runs | cold build | Eleventy 3 cold | rebuild, one edited | no-op rebuild | peak RSS (cold) | Eleventy peak RSS | cold ms/release |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  for (const size of report.sizes) {
    const eleventy = size.eleventy === undefined || 'error' in size.eleventy ? undefined : size.eleventy
    rows.push(
      `| ${size.releases} | ${size.runs} | ${seconds(size.cold.wallMs)} | ${eleventy ? seconds(eleventy.wallMs) : 'not run'} | ${seconds(size.rebuildOne.wallMs)} (${size.rebuildOne.rendered} rendered) | ` +
        `${seconds(size.noOp.wallMs)}${size.noOp.upToDate ? '' : ' (rebuilt!)'} | ${size.cold.peakRssMiB} MiB | ${eleventy ? `${eleventy.peakRssMiB} MiB` : '-'} | ${size.msPerRelease.toFixed(2)} |`
    )
  }
  const builds = `${report.command}  (${report.machine.cores} cores; load average before ${load(report.machine.loadAverageBefore)}, after ${load(report.machine.loadAverageAfter)})`
  const lines = report.sizes.length > 0 ? [builds, '', ...rows, ''] : []
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
  lines.push('', 'targets:')
  const at = (releases: number) => report.sizes.find((size) => size.releases === releases)
  const four = at(4000)
  if (four) {
    const eleventy = four.eleventy && !('error' in four.eleventy) ? four.eleventy.wallMs : undefined
    const peer = eleventy ?? report.recordedPeers.eleventy4kOnDiskMs
    lines.push(`- cold 4k build <= Eleventy (${eleventy === undefined ? 'RECORDED in the issue, not measured' : 'same run'}): ${seconds(four.cold.wallMs)} vs ${seconds(peer)}: ${verdict(four.cold.wallMs <= peer)}`)
    lines.push(`- rebuild after one edit at 4k < 0.5 s: ${seconds(four.rebuildOne.wallMs)}: ${verdict(four.rebuildOne.wallMs < 500)}`)
    lines.push(`- no-op rebuild at 4k < 0.3 s: ${seconds(four.noOp.wallMs)}: ${verdict(four.noOp.wallMs < 300 && four.noOp.upToDate)}`)
  }
  const ten = at(10_000)
  if (ten) lines.push(`- peak RSS at 10k < 500 MiB: ${ten.cold.peakRssMiB} MiB: ${verdict(ten.cold.peakRssMiB < 500)}`)
  const first = report.sizes[0]
  const last = report.sizes[report.sizes.length - 1]
  if (first && last && first !== last) {
    const growth = last.msPerRelease / first.msPerRelease
    lines.push(`- linear cost: ms per release ${report.sizes.map((size) => `${size.releases}: ${size.msPerRelease.toFixed(2)}`).join(', ')} (x${growth.toFixed(2)} from smallest to largest): ${verdict(growth <= 1.25)}`)
  }
  if (!('error' in digest)) lines.push(`- digest >= 1,000 msg/s and >= 70 % of bare nodemailer: ${digest.digestPerSecond.toFixed(0)} msg/s, ${(digest.ratio * 100).toFixed(0)} %: ${verdict(digest.digestPerSecond >= 1000 && digest.ratio >= 0.7)}`)
  return lines.join('\n')
}
