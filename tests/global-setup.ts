import {spawnSync} from 'node:child_process'
import {chmodSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/**
 * Compile `src/` to `dist/` and bundle the CLI once (`npm run build`), so tests that spawn the CLI or worker threads
 * run the real code, as users get it. Type errors do not stop the tests here (tsc still emits); `npm test`
 * type-checks before it runs vitest.
 */
export default function setup() {
  const compiled = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {encoding: 'utf8'})
  if (compiled.status !== 0) console.warn(`tsc reported problems (tests go on with what it emitted):\n${compiled.stdout}`)
  const bundled = spawnSync('npm', ['run', '-s', 'bundle'], {encoding: 'utf8'})
  if (bundled.status !== 0) throw new Error(`Bundling the CLI failed:\n${bundled.stdout}${bundled.stderr}`)
  // Every temporary folder the tests make, under one of the run's own, removed after it: hundreds of newsrooms, stores
  // and previews, and those of a test that failed or was stopped midway. The test workers start after this and inherit it.
  const root = mkdtempSync(join(tmpdir(), 'pressroom-tests-'))
  // Passable by the servers the tests start under users of their own (PostgreSQL runs as postgres), as /tmp is.
  chmodSync(root, 0o711)
  process.env.TMPDIR = root
  return () => rmSync(root, {recursive: true, force: true})
}
