import {PressroomError} from '../report/pressroom-error.js'
import type {LockOwner} from '../store/acquire-lease.js'
import type {Db} from '../store/open-store.js'
import {acquireRunLock, type RunLock} from '../store/run-lock.js'

/** What a standby scheduler needs: who it is, how to join the sends under way, where it talks, and when to stop. */
export interface StandByOptions {
  owner: LockOwner
  isAlive(pid: number): boolean
  /** Join the digests and alerts other processes are sending (only those: a standby starts no mailing of its own). */
  joinSends(signal: AbortSignal): Promise<void>
  log(line: string): void
  signal: AbortSignal
  sleep(ms: number, signal: AbortSignal): Promise<void>
  /** How long between two looks at the run lock and the sends (default 5 s). */
  pollMs?: number
}

/**
 * Wait for the run lock as a standby scheduler (PostgreSQL, several hosts): while another process schedules, join the
 * sends it starts, and take the lock over when its lease ends (at once for a killed process on this host). Resolves
 * to the lock, or undefined when stopped first.
 */
export async function standBy(db: Db, options: StandByOptions): Promise<RunLock | undefined> {
  let waiting = false
  // Ends when the lock is taken or the process is told to stop, like the scheduler loop it stands in for.
  while (!options.signal.aborted) {
    try {
      const lock = await acquireRunLock(db, options.owner, options.isAlive)
      if (waiting) options.log('pressroom: the other scheduler is gone (its lease ended); this process schedules now')
      return lock
    } catch (error) {
      if (!(error instanceof PressroomError) || error.code !== 'SCHEDULER_RUNNING') throw error
      if (!waiting) options.log(`pressroom: standing by: ${error.message}; this process joins its sends and takes over scheduling when its lease ends`)
      waiting = true
    }
    await options.joinSends(options.signal)
    if (!options.signal.aborted) await options.sleep(options.pollMs ?? 5_000, options.signal)
  }
  return undefined
}
