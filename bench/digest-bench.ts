import {mkdir, rm, writeFile} from 'node:fs/promises'
import {loadavg} from 'node:os'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {benchDir, cliPath} from './bench-paths.js'
import {generateCorpus} from './generate-corpus.js'
import {median, runChild} from './run-child.js'
import {arrivalRate} from './smtp-sink.js'
import {startSinkProcess, type SinkKind, type SinkProcess} from './start-sink-process.js'

/** One run: pressroom and bare nodemailer one after the other on the same sink, in the order given by `first`. */
export interface DigestRun {
  first: 'digest' | 'bare'
  digestPerSecond: number
  digestWallMs: number
  barePerSecond: number
  bareWallMs: number
  ratio: number
  /** `os.loadavg()` (1, 5, 15 minutes) when the run ended. */
  loadAverage: number[]
}

/** Digest throughput against a loopback sink, and bare nodemailer's on the same sink in the same run. */
export interface DigestBench {
  /** The bench command that measured this, when it differs from the report's (a digest-only run). */
  command?: string
  started: string
  finished: string
  sink: SinkKind
  subscribers: number
  runs: number
  /** Size of the first digest message as the sink received it. */
  messageBytes: number
  /** Messages per second, first to last arrival, median of the runs. */
  digestPerSecond: number
  /** Wall time of the whole `pressroom digest` process (start-up, loading releases, compose, send, send log). */
  digestWallMs: number
  barePerSecond: number
  bareWallMs: number
  /** Median digest rate over median bare rate. */
  ratio: number
  delivered: number
  loadAverageBefore: number[]
  loadAverageAfter: number[]
  all: DigestRun[]
}

/** What `benchDigest` takes: how many subscribers and runs, which sink, and where log lines go. */
export interface DigestBenchOptions {
  subscribers: number
  runs: number
  sink: SinkKind
  /** Write a `--cpu-prof` profile of each `pressroom digest` process into this folder. */
  profileDir?: string
  log(line: string): void
}

const cli = cliPath
const round = (values: number[]) => values.map((value) => Math.round(value * 100) / 100)

/**
 * Send a 12-release digest to `subscribers` active subscribers through `pressroom digest --connections 5`, and the
 * same number of messages of the same size with bare nodemailer, `runs` times, alternating which goes first so a
 * change in the machine's load does not always fall on the same side.
 */
export async function benchDigest(options: DigestBenchOptions): Promise<DigestBench> {
  const {subscribers, runs, log} = options
  const started = new Date().toISOString()
  const loadAverageBefore = round(loadavg())
  const sink = await startSinkProcess(options.sink)
  try {
    const dir = join(benchDir, 'corpus', 'digest')
    await generateCorpus({dir, count: 12, seed: 99})
    const rows = Array.from({length: subscribers}, (_, index) => `sub${index}@bench.example,Subscriber ${index},`)
    await writeFile(join(dir, 'subscribers.csv'), ['email,name,tags', ...rows].join('\n') + '\n')
    const all: DigestRun[] = []
    let messageBytes = 0
    for (let run = 0; run < runs; run++) {
      // The baseline sends pressroom's own first message, so the first run measures pressroom first.
      const first = run % 2 === 0 ? 'digest' : 'bare'
      const results: Partial<Record<'digest' | 'bare', {perSecond: number; wallMs: number}>> = {}
      for (const part of first === 'digest' ? (['digest', 'bare'] as const) : (['bare', 'digest'] as const)) {
        if (part === 'digest') {
          const measured = await measureDigest(sink, dir, subscribers, options.profileDir)
          results.digest = measured
          if (measured.first) messageBytes = measured.first.length
          if (run === 0) await writeBareMessage(dir, measured.first)
        } else results.bare = await measureBare(sink, dir, subscribers)
        const result = results[part] as {perSecond: number; wallMs: number}
        log(`  ${part === 'digest' ? 'pressroom digest' : 'bare nodemailer'} run ${run + 1}: ${result.perSecond.toFixed(0)} msg/s, process ${(result.wallMs / 1000).toFixed(2)} s, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`)
      }
      const digest = results.digest as {perSecond: number; wallMs: number}
      const bare = results.bare as {perSecond: number; wallMs: number}
      all.push({first, digestPerSecond: digest.perSecond, digestWallMs: digest.wallMs, barePerSecond: bare.perSecond, bareWallMs: bare.wallMs, ratio: digest.perSecond / bare.perSecond, loadAverage: round(loadavg())})
    }
    await rm(join(dir, 'data'), {recursive: true, force: true})
    const digestPerSecond = median(all.map((run) => run.digestPerSecond))
    const barePerSecond = median(all.map((run) => run.barePerSecond))
    return {
      started,
      finished: new Date().toISOString(),
      sink: sink.kind,
      subscribers,
      runs,
      messageBytes,
      digestPerSecond,
      digestWallMs: median(all.map((run) => run.digestWallMs)),
      barePerSecond,
      bareWallMs: median(all.map((run) => run.bareWallMs)),
      ratio: digestPerSecond / barePerSecond,
      delivered: subscribers,
      loadAverageBefore,
      loadAverageAfter: round(loadavg()),
      all
    }
  } finally {
    await sink.close()
  }
}

// A fresh send log each time, so every run creates and sends a whole digest of `subscribers` messages.
async function measureDigest(sink: SinkProcess, dir: string, subscribers: number, profileDir: string | undefined) {
  await rm(join(dir, 'data'), {recursive: true, force: true})
  await mkdir(join(dir, 'data'), {recursive: true})
  const imported = await runChild([cli, 'subscribers', 'import', 'subscribers.csv'], {cwd: dir})
  if (imported.code !== 0) throw new Error(`subscribers import failed: ${imported.stderr}`)
  await sink.reset()
  const env = {SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PRESSROOM_SECRET: 'bench-secret-0123456789abcdef'}
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const sent = await runChild([...profile, cli, 'digest', '--connections', '5', '--since', '2026-10-01T00:00:00Z', '--now', '2026-11-01T00:00:00Z'], {cwd: dir, env})
  if (sent.code !== 0) throw new Error(`pressroom digest failed: ${sent.stderr.slice(-2000)}`)
  const {arrivals, first} = await sink.report()
  if (arrivals.length !== subscribers) throw new Error(`pressroom digest delivered ${arrivals.length} of ${subscribers} messages to the sink`)
  return {perSecond: arrivalRate(arrivals), wallMs: sent.wallMs, first}
}

// The baseline sends a message like the digest's (same HTML and text parts) with bare nodemailer.
async function writeBareMessage(dir: string, first: Buffer | undefined) {
  if (!first) throw new Error('the sink kept no digest message for the baseline to copy')
  const parsed = await simpleParser(first)
  await writeFile(join(dir, 'digest.html'), typeof parsed.html === 'string' ? parsed.html : '')
  await writeFile(join(dir, 'digest.txt'), parsed.text ?? '')
}

async function measureBare(sink: SinkProcess, dir: string, subscribers: number) {
  await sink.reset()
  const bare = await runChild([join(benchDir, '.build', 'bench', 'bare-nodemailer.js'), String(sink.port), String(subscribers), 'digest.html', 'digest.txt'], {cwd: dir})
  if (bare.code !== 0) throw new Error(`bare nodemailer failed: ${bare.stderr}`)
  const {arrivals} = await sink.report()
  if (arrivals.length !== subscribers) throw new Error(`bare nodemailer delivered ${arrivals.length} of ${subscribers} messages to the sink`)
  return {perSecond: arrivalRate(arrivals), wallMs: bare.wallMs}
}
