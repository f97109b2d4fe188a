import {spawn} from 'node:child_process'
import {cliPath} from './run-cli.js'
import {stopChild} from './stop-child.js'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/**
 * `pressroom run` as a child process of the real CLI, with only PATH, CI, NO_COLOR and `env` in its environment: its
 * output so far, a bounded wait for a line, and a stop that escalates to SIGKILL after 15 s.
 */
export function startRun(cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cliPath, 'run'], {cwd, env: {PATH: process.env.PATH ?? '', CI: '1', NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
  const chunks: string[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const output = () => chunks.join('')
  return {
    child,
    output,
    exited,
    async waitFor(pattern: RegExp, count = 1, timeoutMs = 60_000) {
      for (const started = Date.now(); Date.now() - started < timeoutMs && child.exitCode === null; ) {
        if ((output().match(new RegExp(pattern, 'g')) ?? []).length >= count) return
        await sleep(50)
      }
      throw new Error(`pressroom run never printed ${pattern} ${count} times:\n${output()}`)
    },
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, exited, signal)
  }
}
