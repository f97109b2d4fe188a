import {mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {benchDir, cliPath} from './bench-paths.js'
import {generateCorpus} from './generate-corpus.js'
import {median, runChild} from './run-child.js'
import {arrivalRate, startSmtpSink} from './smtp-sink.js'

/** Digest throughput against a loopback sink, and bare nodemailer's on the same sink in the same run. */
export interface DigestBench {
  subscribers: number
  runs: number
  /** Messages per second, first to last arrival, median of the runs. */
  digestPerSecond: number
  /** Wall time of the whole `pressroom digest` process (start-up, loading releases, compose, send, send log). */
  digestWallMs: number
  barePerSecond: number
  bareWallMs: number
  ratio: number
  delivered: number
}

const cli = cliPath

/** Send a 12-release digest to `subscribers` active subscribers through `pressroom digest --connections 5`, `runs` times. */
export async function benchDigest(subscribers: number, runs: number, log: (line: string) => void): Promise<DigestBench> {
  const sink = await startSmtpSink()
  try {
    const dir = join(benchDir, 'corpus', 'digest')
    const digestRates: number[] = []
    const digestWalls: number[] = []
    const bareRates: number[] = []
    const bareWalls: number[] = []
    let delivered = 0
    for (let run = 0; run < runs; run++) {
      await generateCorpus({dir, count: 12, seed: 99})
      await mkdir(join(dir, 'data'), {recursive: true})
      const rows = Array.from({length: subscribers}, (_, index) => `sub${index}@bench.example,Subscriber ${index},`)
      await writeFile(join(dir, 'subscribers.csv'), ['email,name,tags', ...rows].join('\n') + '\n')
      const imported = await runChild([cli, 'subscribers', 'import', 'subscribers.csv'], {cwd: dir})
      if (imported.code !== 0) throw new Error(`subscribers import failed: ${imported.stderr}`)
      sink.reset()
      const env = {SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PRESSROOM_SECRET: 'bench-secret-0123456789abcdef'}
      const sent = await runChild([cli, 'digest', '--connections', '5', '--since', '2026-10-01T00:00:00Z', '--now', '2026-11-01T00:00:00Z'], {cwd: dir, env})
      if (sent.code !== 0) throw new Error(`pressroom digest failed: ${sent.stderr.slice(-2000)}`)
      delivered = sink.arrivals.length
      digestRates.push(arrivalRate(sink.arrivals))
      digestWalls.push(sent.wallMs)
      log(`  digest run ${run + 1}: ${delivered} delivered, ${arrivalRate(sink.arrivals).toFixed(0)} msg/s, process ${(sent.wallMs / 1000).toFixed(2)} s`)

      // The baseline sends a message like the digest's (same HTML and text parts) with bare nodemailer.
      const parsed = await simpleParser(sink.first ?? Buffer.from(''))
      await writeFile(join(dir, 'digest.html'), typeof parsed.html === 'string' ? parsed.html : '')
      await writeFile(join(dir, 'digest.txt'), parsed.text ?? '')
      sink.reset()
      const bare = await runChild([join(benchDir, '.build', 'bench', 'bare-nodemailer.js'), String(sink.port), String(subscribers), 'digest.html', 'digest.txt'], {cwd: dir})
      if (bare.code !== 0) throw new Error(`bare nodemailer failed: ${bare.stderr}`)
      bareRates.push(arrivalRate(sink.arrivals))
      bareWalls.push(bare.wallMs)
      log(`  bare nodemailer run ${run + 1}: ${sink.arrivals.length} delivered, ${arrivalRate(sink.arrivals).toFixed(0)} msg/s`)
    }
    await rm(join(dir, 'data'), {recursive: true, force: true})
    const digestPerSecond = median(digestRates)
    const barePerSecond = median(bareRates)
    return {subscribers, runs, digestPerSecond, digestWallMs: median(digestWalls), barePerSecond, bareWallMs: median(bareWalls), ratio: digestPerSecond / barePerSecond, delivered}
  } finally {
    await sink.close()
  }
}
