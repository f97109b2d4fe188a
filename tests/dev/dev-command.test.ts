import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, mkdir, mkdtemp, readdir, rm} from 'node:fs/promises'
import {createServer, type AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {fixtureNewsroom} from '../server/start-test-subscriptions.js'
import {runCli} from '../support/run-cli.js'
import {startCliServer} from '../support/start-cli-server.js'

const cli = new URL('../../dist/bin/cli.js', import.meta.url).pathname
let dir = ''
let child: ChildProcess | undefined
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  await rm(dir, {recursive: true, force: true})
})

describe('pressroom dev on the command line', () => {
  it('should build outside out/, serve until SIGTERM, then remove its temporary build and exit 0', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-dev-cli-'))
    await cp(fixtureNewsroom, dir, {recursive: true})
    const output: string[] = []
    child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--now', '2025-09-20T12:00:00Z'], {cwd: dir, env: {PATH: process.env.PATH ?? '', NO_COLOR: '1', TMPDIR: tmpdir()}})
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    let started: RegExpExecArray | null = null
    for (let attempt = 0; attempt < 200 && !started && child.exitCode === null; attempt++) {
      started = /previewing on (http:\/\/127\.0\.0\.1:\d+)[^\n]*\npressroom dev: building into (\S+)/.exec(output.join(''))
      if (!started) await new Promise((done) => setTimeout(done, 50))
    }
    expect(started, output.join('')).not.toBeNull()
    const [, origin, outDir] = started as RegExpExecArray
    expect(outDir?.startsWith(tmpdir())).toBe(true)
    expect(existsSync(join(outDir as string, 'index.html'))).toBe(true)
    expect(existsSync(join(dir, 'out'))).toBe(false)
    expect((await fetch(`${origin}/releases/2025-09-19-board-changes/`)).status).toBe(200)

    const exited = new Promise<number | null>((done) => child?.once('exit', (code) => done(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(output.join('')).toContain('pressroom dev: stopped')
    expect(existsSync(outDir as string)).toBe(false)
  })

  // The temporary build holds drafts and embargoed pages. TMPDIR points the child's os.tmpdir() at a folder of this
  // test's own, so what it leaves behind can be counted without racing other tests' previews.
  async function newsroomWithOwnTmp() {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-dev-cli-'))
    await cp(fixtureNewsroom, dir, {recursive: true})
    const ownTmp = join(dir, 'tmp')
    await mkdir(ownTmp)
    return ownTmp
  }

  it.each(['SIGINT', 'SIGHUP'] as const)('should remove its temporary build and exit 0 on %s', async (signal) => {
    const ownTmp = await newsroomWithOwnTmp()
    const server = await startCliServer(['dev', '--port', '0', '--now', '2025-09-20T12:00:00Z'], {cwd: dir, env: {TMPDIR: ownTmp}, listening: /previewing on (http:\/\/127\.0\.0\.1:\d+)/})
    child = server.child
    expect(await readdir(ownTmp)).toHaveLength(1)
    expect(await server.stop(signal)).toBe(0)
    expect(server.output()).toContain('pressroom dev: stopped')
    expect(await readdir(ownTmp)).toEqual([])
  })

  it('should remove its temporary build when it cannot start, and say why in one line', async () => {
    const ownTmp = await newsroomWithOwnTmp()
    const taken = createServer()
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
    const port = (taken.address() as AddressInfo).port
    try {
      const result = runCli(['dev', '--port', String(port)], {cwd: dir, env: {TMPDIR: ownTmp, NO_COLOR: '1'}})
      expect(result.status).toBe(1)
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use [PORT_IN_USE]`)
      expect(await readdir(ownTmp)).toEqual([])
    } finally {
      await new Promise((done) => taken.close(done))
    }
  })

  it('should remove its temporary build when an uncaught error ends the process', async () => {
    const ownTmp = await newsroomWithOwnTmp()
    // The compiled preview (dist/, built by the global setup) in a process that then fails as a bug would.
    const modulePath = new URL('../../dist/dev/start-dev-preview.js', import.meta.url).href
    const script = `import(${JSON.stringify(modulePath)}).then(async ({startDevPreview}) => {
      const preview = await startDevPreview({port: 0, releasesDir: 'releases', now: Date.parse('2025-09-20T12:00:00Z')}, {stdout: () => {}, stderr: () => {}, color: false})
      console.log('started ' + preview.workDir)
      setTimeout(() => { throw new Error('a bug in the preview') }, 10)
    })`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd: dir, env: {PATH: process.env.PATH ?? '', TMPDIR: ownTmp}, encoding: 'utf8', timeout: 60_000})
    expect(result.stdout, result.stderr).toContain(`started ${ownTmp}`)
    expect(result.stderr).toContain('a bug in the preview')
    expect(result.status).toBe(1)
    expect(await readdir(ownTmp)).toEqual([])
  })
})
