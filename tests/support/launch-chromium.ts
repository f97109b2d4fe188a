import {existsSync} from 'node:fs'
import {chromium, type Browser} from 'playwright-core'

/** Debian's Chromium, which `npm test`'s pretest step installs when it is missing. */
export const chromiumPath = '/usr/bin/chromium'

/**
 * Launch headless Chromium for a test. A missing browser fails the test with the command that installs it: a test of
 * what people look at never passes by not looking.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run \`npm test\` (its pretest installs it as root) or \`apt-get install chromium\``)
  // Without the background-networking flags Chromium keeps dialling out, and this machine's closed network refuses it.
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
}
