import {runDigestCommand, type DigestCommandOptions} from '../../src/email/digest-command.js'
import type {Config} from '../../src/config/config-schema.js'

/** The secret every send test signs with. */
export const testSecret = 'test-secret-for-digests-0123'

/** Run `pressroom digest` in-process with instant retries; returns what it printed (stdout and stderr together). */
export async function runDigest(config: Config, options: Omit<DigestCommandOptions, 'releasesDir'> & {releasesDir: string}, env: Record<string, string | undefined>, stop?: AbortSignal) {
  const lines: string[] = []
  let error: unknown
  let code: number | undefined
  try {
    code = await runDigestCommand(options, config, {PRESSROOM_SECRET: testSecret, ...env}, {
      stdout: (line) => lines.push(line),
      stderr: {write: (text: string) => lines.push(...text.split('\n').filter(Boolean))},
      interactive: false,
      retryDelays: [5, 5],
      outageDelays: [5, 10, 20],
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      stop: stop ?? new AbortController().signal
    })
  } catch (caught) {
    error = caught
  }
  return {lines, output: lines.join('\n'), error, code}
}
