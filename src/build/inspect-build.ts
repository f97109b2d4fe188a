import type {Config} from '../config/config-schema.js'
import {countHolds, describeHold} from '../release/release.js'
import {inspectInputs, type InputsSnapshot, type UpToDate} from '../cache/up-to-date.js'

export type {InputsSnapshot, UpToDate} from '../cache/up-to-date.js'

/** What `pressroom build` asks before it builds. */
export interface InspectBuildOptions {
  config: Config
  releasesDir: string
  outDir: string
  publicDir?: string
  cwd: string
  /** The build's clock, ms since the epoch. */
  now: number
}

/**
 * Whether a build with these inputs would change nothing: then the last build's report, as it was. Otherwise the
 * inputs' snapshot when one was taken, for the build to reuse. Light on purpose: it loads neither unified nor LiquidJS,
 * so a build with nothing to do answers before the pipeline is even loaded.
 */
export function inspectBuild(options: InspectBuildOptions): {upToDate?: UpToDate; snapshot?: InputsSnapshot} {
  const {now, ...inputs} = options
  return inspectInputs(inputs, now)
}

/** The lines a build that had nothing to do ends with. */
export function formatUpToDateBuild(result: UpToDate, outDir: string, seconds: number): string[] {
  const lines = result.held.map((entry) => `held back: ${entry.path} (${describeHold(entry.reason, entry)})`)
  lines.push(
    `pressroom: nothing changed, ${outDir}/ is up to date: published ${result.published}, held back ${result.held.length} (${countHolds(result.held.map((entry) => entry.reason))}) in ${seconds.toFixed(2)} s`
  )
  return lines
}
