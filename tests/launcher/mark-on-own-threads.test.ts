import {spawnSync} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cliPath} from '../support/run-cli.js'
import {generatedNewsroom} from '../support/output-digest.js'

let newsroom: {dir: string; remove(): void}
beforeAll(async () => {
  // Enough releases for the render workers, and for V8 to mark their heaps and this thread's several times.
  newsroom = await generatedNewsroom(300)
})
afterAll(() => newsroom.remove())

/**
 * From V8's traces: how many marking cycles began, and how many concurrent marking tasks were started while one was
 * under way, before it stopped to finish (in that final pause, helper threads may still mark in parallel).
 */
function markingOf(trace: string): {cycles: number; concurrentTasks: number} {
  const marking = new Set<string>()
  let cycles = 0
  let concurrentTasks = 0
  // Each line begins with the process and the isolate (one per thread); threads' lines may interleave. A cycle's end is
  // told by two lines in a row, either of which ends it: a line torn by another thread's then loses no end, which
  // would count the final pause's tasks (four at a time) as concurrent marking.
  for (const [, isolate, event] of trace.matchAll(/\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (\[IncrementalMarking\] Start marking|\[IncrementalMarking\] Stopping|\[IncrementalMarking\] Black allocation finished|Starting major concurrent marking task)/g)) {
    if (event?.endsWith('Start marking')) {
      marking.add(isolate as string)
      cycles++
    } else if (event?.endsWith('Stopping') || event?.endsWith('Black allocation finished')) marking.delete(isolate as string)
    else if (marking.has(isolate as string)) concurrentTasks++
  }
  return {cycles, concurrentTasks}
}

describe('the pressroom command', () => {
  it('should have V8 mark the heaps of its threads on those threads, not concurrently on helper threads', () => {
    const result = spawnSync(process.execPath, ['--trace-incremental-marking', '--trace-concurrent-marking', cliPath, 'build', '--now', '2026-12-01T00:00:00Z'], {cwd: newsroom.dir, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, env: {PATH: process.env.PATH ?? '', CI: '1'}})
    expect(result.status, result.stderr).toBe(0)
    const {cycles, concurrentTasks} = markingOf(result.stdout + result.stderr)
    // Without marking cycles the test would prove nothing; with concurrent marking, nearly every cycle starts tasks
    // (25 in 8 cycles, measured). A line torn apart by another thread's may lose a cycle's end: a little slack.
    expect(cycles).toBeGreaterThanOrEqual(3)
    expect(concurrentTasks).toBeLessThanOrEqual(2)
  })
})
