import {spawnSync} from 'node:child_process'

/**
 * Compile `src/` to `dist/` once, so tests that spawn the CLI or worker threads run the real code.
 * Type errors do not stop the tests here (tsc still emits); `npm test` type-checks before it runs vitest.
 */
export default function setup() {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {encoding: 'utf8'})
  if (result.status !== 0) console.warn(`tsc reported problems (tests go on with what it emitted):\n${result.stdout}`)
}
