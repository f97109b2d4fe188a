import {spawn, type ChildProcess} from 'node:child_process'
import {cliPath} from './run-cli.js'
import {stopChild} from './stop-child.js'

/** `pressroom serve` or `pressroom dev` running as a child process of the real CLI. */
export interface CliServer {
  child: ChildProcess
  origin: string
  port: number
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string
  /** Whether the process is still running. */
  alive(): boolean
  /** Send `signal` and wait (bounded) for the exit code; SIGKILL when it does not stop in time. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Spawn the CLI with `args` in `cwd` and wait (bounded) until it prints its listening line, which `listening` matches
 * with the origin as its first group. Only `env` and PATH reach the child, so no secret of the runner leaks in.
 */
export async function startCliServer(args: string[], options: {cwd: string; env?: Record<string, string>; listening: RegExp}): Promise<CliServer> {
  const child = spawn(process.execPath, [cliPath, ...args], {cwd: options.cwd, env: {PATH: process.env.PATH ?? '', NO_COLOR: '1', CI: '1', ...options.env}})
  const chunks: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const output = () => chunks.join('')
  let origin: string | undefined
  for (let attempt = 0; attempt < 600 && !origin && child.exitCode === null; attempt++) {
    origin = options.listening.exec(output())?.[1]
    if (!origin) await new Promise((done) => setTimeout(done, 50))
  }
  if (!origin) {
    child.kill('SIGKILL')
    throw new Error(`The CLI did not start listening:\n${output()}`)
  }
  return {
    child, origin, port: Number(new URL(origin).port), output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, exited, signal)
  }
}
