import {reporter} from 'vfile-reporter'
import type {VFile} from 'vfile'
import {parseInstantArgument} from './release/iso-date.js'
import type {BuildResult} from './build/build.js'
import {countHolds, describeHold} from './release/release.js'

/** Parse `--now`: an ISO 8601 instant (with offset, or a date meaning its UTC midnight); `fallback` when absent. */
export function parseNow(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : parseInstantArgument(value, '--now')
}

/** Every message of every file, as editors read them (file:line:column, rule id, hint); empty when there are none. */
export function formatMessages(files: readonly VFile[], color: boolean): string {
  const withMessages = files.filter((file) => file.messages.length > 0)
  return withMessages.length === 0 ? '' : reporter(withMessages, {verbose: true, color})
}

/** The lines a build ends with: what was held back and until when, then one summary line. */
export function formatBuildSummary(result: BuildResult, outDir: string, seconds: number): string[] {
  const lines = result.held.map(({release, reason}) => `held back: ${release.path} (${describeHold(reason, release)})`)
  // Pages link from the site root, so opening out/index.html as a file shows them unstyled: point at the preview.
  lines.push(
    `pressroom: published ${result.published.length}, held back ${result.held.length} (${countHolds(result.held.map((entry) => entry.reason))}) into ${outDir}/ in ${seconds.toFixed(2)} s; browse it with \`npx pressroom dev\` (http://127.0.0.1:4000/)`
  )
  return lines
}
