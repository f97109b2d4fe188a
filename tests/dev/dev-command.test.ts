import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {fixtureNewsroom} from '../server/start-test-subscriptions.js'

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
    child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--now', '2025-09-20T12:00:00Z'], {cwd: dir, env: {PATH: process.env.PATH ?? '', NO_COLOR: '1'}})
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
})
