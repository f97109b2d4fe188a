import {execFile, spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

/** The bundled CLI, as `npm start` and the `pressroom` bin run it (the vitest global setup compiles and bundles first). */
export const cliPath = fileURLToPath(new URL('../../dist/bin/cli.js', import.meta.url))

/** Run the real CLI as a child process, as a user would, with a bounded time; `input` is piped to its stdin. */
export function runCli(args: string[], options: {cwd: string; env?: Record<string, string>; input?: string}) {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    ...(options.input === undefined ? {} : {input: options.input}),
    timeout: 60_000,
    env: {PATH: process.env.PATH ?? '', CI: '1', ...options.env}
  })
  return {status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/**
 * Run the real CLI as a child process without blocking this one: for commands that talk to a server the test runs in
 * this process (a digest to the test SMTP server), which `runCli` would starve.
 */
export function runCliAsync(args: string[], options: {cwd: string; env?: Record<string, string>}): Promise<{status: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], {cwd: options.cwd, encoding: 'utf8', timeout: 60_000, env: {PATH: process.env.PATH ?? '', CI: '1', ...options.env}}, (error, stdout, stderr) => {
      resolve({status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr})
    })
  })
}
