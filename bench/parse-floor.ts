import {availableParallelism} from 'node:os'
import {runChild, type ChildRun} from './run-child.js'

/**
 * Worker threads a build renders with: `pressroom build` starts its render pool with one per core (build.ts's default
 * `workers`), and the floor parses on as many.
 */
export const buildWorkers = availableParallelism()

const floorScript = new URL('./parse-floor-process.js', import.meta.url).pathname

/** One run of the parse floor over the release files of `corpusDir`, in a process of its own, under `/usr/bin/time`. */
export async function runParseFloor(corpusDir: string, workers = buildWorkers): Promise<ChildRun & {parsed?: number}> {
  const run = await runChild([floorScript, corpusDir, String(workers)], {cwd: corpusDir, measureMemory: true})
  const line = /^\{.*\}$/m.exec(run.stdout)?.[0]
  return line ? {...run, parsed: (JSON.parse(line) as {parsed: number}).parsed} : run
}
