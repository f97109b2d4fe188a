import type {ChildProcess} from 'node:child_process'

/**
 * Stop a child process with `signal`, and with SIGKILL if it is still there 15 s later; resolves to its exit code
 * (null when a signal ended it). A child that already ended is left alone.
 */
export async function stopChild(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  const code = await exited
  clearTimeout(timer)
  return code
}
