import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {chmodSync, chownSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {freePort} from './loopback-daemon.js'

/** Debian's PostgreSQL binaries (package `postgresql`, installed by scripts/install-test-tools.mjs). */
export const postgresBin = '/usr/lib/postgresql/15/bin'

/** A private PostgreSQL cluster on 127.0.0.1: its superuser URL (database `postgres`) and how to stop it. */
export interface TestPostgres {
  /** postgres://pressroom@127.0.0.1:<port>/<database> */
  url(database?: string): string
  stop(): Promise<void>
}

// PostgreSQL refuses to run as root, so a root test run works as the package's own `postgres` user.
const isRoot = process.getuid?.() === 0
const asUser = (command: string, args: string[]) => (isRoot ? {command: 'runuser', args: ['-u', 'postgres', '--', command, ...args]} : {command, args})

/**
 * Make a cluster with `initdb` in a temp folder (C locale, trust auth for the `pressroom` superuser), start `postgres`
 * on 127.0.0.1 at a free port with its socket in that folder, and wait (bounded) until it takes connections.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const folder = mkdtempSync(join(tmpdir(), 'pressroom-pg-'))
  const data = join(folder, 'data')
  if (isRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'})
    const gid = spawnSync('id', ['-g', 'postgres'], {encoding: 'utf8'})
    chownSync(folder, Number(id.stdout.trim()), Number(gid.stdout.trim()))
  }
  chmodSync(folder, 0o700)
  const init = asUser(join(postgresBin, 'initdb'), ['-D', data, '-U', 'pressroom', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync'])
  const made = spawnSync(init.command, init.args, {encoding: 'utf8'})
  if (made.status !== 0) throw new Error(`initdb failed: ${made.stderr}${made.stdout}`)
  const port = await freePort()
  const start = asUser(join(postgresBin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', folder, '-c', 'listen_addresses=127.0.0.1',
    // A throwaway cluster: durability buys nothing here and costs the shared machine its disk time.
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'
  ])
  const server: ChildProcess = spawn(start.command, start.args, {stdio: ['ignore', 'ignore', 'pipe']})
  let log = ''
  server.stderr?.on('data', (chunk: Buffer) => void (log += chunk.toString()))
  const url = (database = 'postgres') => `postgres://pressroom@127.0.0.1:${port}/${database}`
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      // pg_ctl signals the postmaster itself (runuser in between does not pass signals on); fast mode cuts clients off.
      const halt = asUser(join(postgresBin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w', '-t', '30'])
      const stopped = spawnSync(halt.command, halt.args, {stdio: 'ignore'})
      if (stopped.status !== 0) server.kill('SIGKILL')
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(folder, {recursive: true, force: true})
  }
  for (let attempt = 0; ; attempt++) {
    const ready = spawnSync(join(postgresBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'pressroom', '-d', 'postgres'])
    if (ready.status === 0) break
    if (attempt >= 300 || server.exitCode !== null) {
      await stop()
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}:\n${log}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {url, stop}
}
