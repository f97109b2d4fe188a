import {spawn} from 'node:child_process'

/** How a deploy command ended: its exit code (undefined when killed), how long it took, its last lines of output. */
export interface DeployOutcome {
  ok: boolean
  exitCode: number | undefined
  durationMs: number
  outputTail: string
  /** Why it did not succeed, in words (`exit code 2`, `timed out after 600 s`, `stopped`). */
  failure: string | undefined
}

/** The lines of output kept in the database: enough to see why a sync failed, bounded whatever the command prints. */
const tailLines = 20
const tailBytes = 16 * 1024

/**
 * Run `command` through the shell in `cwd`, in its own process group, so a timeout or a stop ends the whole pipeline
 * (an `rsync` under `sh -c`), not only the shell.
 */
export function runDeploy(command: string, options: {cwd: string; timeoutMs: number; signal?: AbortSignal; now?: () => number}): Promise<DeployOutcome> {
  const now = options.now ?? Date.now
  const started = now()
  return new Promise((resolve) => {
    let output = ''
    let failure: string | undefined
    const child = spawn(command, {cwd: options.cwd, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe']})
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-tailBytes)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const kill = (why: string) => {
      failure ??= why
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => kill(`timed out after ${Math.round(options.timeoutMs / 1000)} s`), options.timeoutMs)
    const onAbort = () => kill('stopped')
    options.signal?.addEventListener('abort', onAbort, {once: true})
    const finish = (code: number | null, error?: Error) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      const exitCode = code ?? undefined
      if (error) failure ??= error.message
      else if (exitCode !== 0) failure ??= exitCode === undefined ? 'killed' : `exit code ${exitCode}`
      const outputTail = output.split('\n').filter((line, index, all) => line !== '' || index < all.length - 1).slice(-tailLines).join('\n')
      resolve({ok: failure === undefined, exitCode, durationMs: now() - started, outputTail, failure})
    }
    child.on('error', (error) => finish(null, error))
    child.on('close', (code) => finish(code))
  })
}
