import {execFileSync} from 'node:child_process'

/** Compile `src/` to `dist/` once, so tests that spawn the CLI or worker threads run the real build. */
export default function setup() {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {stdio: 'inherit'})
}
