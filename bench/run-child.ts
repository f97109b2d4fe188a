import {spawn} from 'node:child_process'

/** What one child process did: wall time measured from here, its exit code, output, and peak RSS if it reported it. */
export interface ChildRun {
  wallMs: number
  code: number | null
  stdout: string
  stderr: string
  /** Peak resident memory of the whole process (all threads), KiB, from `/usr/bin/time -v` or the child's own stats. */
  maxRssKiB?: number
}

const timeBinary = '/usr/bin/time'

/**
 * Run `node args…` (or `program args…`, for a peer that is not a Node script) in `cwd`, under `/usr/bin/time -v` when
 * `measureMemory` is set, bounded by `timeoutMs`.
 */
export function runChild(args: string[], options: {cwd: string; env?: Record<string, string>; measureMemory?: boolean; timeoutMs?: number; program?: string}): Promise<ChildRun> {
  const program = options.program ?? process.execPath
  const command = options.measureMemory ? timeBinary : program
  const argv = options.measureMemory ? ['-v', program, ...args] : args
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, argv, {cwd: options.cwd, env: {...process.env, CI: '1', ...options.env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15 * 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const wallMs = performance.now() - started
      const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
      const fromStats = /pressroom-stats (\{.*\})/.exec(stderr)?.[1]
      const maxRssKiB = fromTime ? Number(fromTime) : fromStats ? (JSON.parse(fromStats) as {maxRssKiB: number}).maxRssKiB : undefined
      resolve({wallMs, code, stdout, stderr, ...(maxRssKiB === undefined ? {} : {maxRssKiB})})
    })
  })
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
