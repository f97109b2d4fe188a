import {spawnSync} from 'node:child_process'
import {writeFile} from 'node:fs/promises'
import {loadavg} from 'node:os'
import {join} from 'node:path'
import {postgresBin, startPostgres} from '../tests/support/start-postgres.js'
import {benchDir, cliPath} from './bench-paths.js'
import {generateCorpus} from './generate-corpus.js'
import {runChild} from './run-child.js'
import {arrivalRate} from './smtp-sink.js'
import {startSinkProcess, type SinkKind} from './start-sink-process.js'

/** One digest sent by one sender, then by two sharing it, against one PostgreSQL cluster and one sink. */
export interface SendersBench {
  subscribers: number
  sink: SinkKind
  /** Messages per second, first to last arrival, one `pressroom digest --connections 5`. */
  singlePerSecond: number
  /** The same with two such senders started together on one send. */
  combinedPerSecond: number
  /** `os.loadavg()` before and after. */
  loadAverageBefore: number[]
  loadAverageAfter: number[]
}

const round = (values: number[]) => values.map((value) => Math.round(value * 100) / 100)

/**
 * Send the bench digest to `subscribers` subscribers in a PostgreSQL store (a private cluster on 127.0.0.1), once with
 * one sender and once with two senders sharing the send by claims, each into a database of its own.
 */
export async function benchSenders(options: {subscribers: number; sink: SinkKind; log(line: string): void}): Promise<SendersBench> {
  const loadAverageBefore = round(loadavg())
  const postgres = await startPostgres()
  const sink = await startSinkProcess(options.sink)
  try {
    const dir = join(benchDir, 'corpus', 'digest')
    await generateCorpus({dir, count: 12, seed: 99})
    const rows = Array.from({length: options.subscribers}, (_, index) => `sub${index}@bench.example,Subscriber ${index},`)
    await writeFile(join(dir, 'subscribers.csv'), ['email,name,tags', ...rows].join('\n') + '\n')
    const port = new URL(postgres.url()).port
    const measure = async (senders: number) => {
      const name = `bench_senders_${senders}`
      const made = spawnSync(join(postgresBin, 'createdb'), ['-h', '127.0.0.1', '-p', port, '-U', 'pressroom', name], {encoding: 'utf8'})
      if (made.status !== 0) throw new Error(`createdb failed: ${made.stderr}`)
      const env = {DATABASE_URL: postgres.url(name), SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PRESSROOM_SECRET: 'bench-secret-0123456789abcdef'}
      const imported = await runChild([cliPath, 'subscribers', 'import', 'subscribers.csv'], {cwd: dir, env})
      if (imported.code !== 0) throw new Error(`subscribers import failed: ${imported.stderr}`)
      await sink.reset()
      const runs = await Promise.all(
        Array.from({length: senders}, () => runChild([cliPath, 'digest', '--connections', '5', '--since', '2026-10-01T00:00:00Z', '--now', '2026-11-01T00:00:00Z'], {cwd: dir, env}))
      )
      const failed = runs.find((run) => run.code !== 0)
      if (failed) throw new Error(`pressroom digest failed: ${failed.stderr.slice(-2000)}`)
      const {arrivals} = await sink.report()
      if (arrivals.length !== options.subscribers) throw new Error(`${senders} senders delivered ${arrivals.length} of ${options.subscribers} messages to the sink`)
      const perSecond = arrivalRate(arrivals)
      options.log(`  ${senders === 1 ? 'one sender' : `${senders} senders`} on PostgreSQL: ${perSecond.toFixed(0)} msg/s, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`)
      return perSecond
    }
    const singlePerSecond = await measure(1)
    const combinedPerSecond = await measure(2)
    return {subscribers: options.subscribers, sink: options.sink, singlePerSecond, combinedPerSecond, loadAverageBefore, loadAverageAfter: round(loadavg())}
  } finally {
    await sink.close()
    await postgres.stop()
  }
}
