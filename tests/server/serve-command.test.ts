import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {cp, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {startSmtpSink, type SmtpSink} from './start-smtp-sink.js'
import {fixtureNewsroom, testSecret} from './start-test-subscriptions.js'

const cli = new URL('../../dist/bin/cli.js', import.meta.url).pathname
let dir = ''
let child: ChildProcess | undefined
let smtp: SmtpSink | undefined
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  await smtp?.close()
  await rm(dir, {recursive: true, force: true})
  child = undefined
  smtp = undefined
})

// Only what the CLI needs: the test runner's own environment must not leak a secret or SMTP_URL into the child.
const baseEnv = {PATH: process.env.PATH ?? '', NO_COLOR: '1'}

async function copyNewsroom() {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-serve-cli-'))
  await cp(fixtureNewsroom, dir, {recursive: true})
}

describe('pressroom serve on the command line', () => {
  it('should refuse to start without PRESSROOM_SECRET in one line with a hint, printing no stack', async () => {
    await copyNewsroom()
    const result = spawnSync(process.execPath, [cli, 'serve', '--port', '0'], {cwd: dir, env: {...baseEnv, SMTP_URL: 'smtp://127.0.0.1:1'}, encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(
      'pressroom: Missing `PRESSROOM_SECRET`: it signs the confirm and unsubscribe links [SECRET_MISSING]\n' +
        '  hint: Set PRESSROOM_SECRET in the environment to the same random string `pressroom digest` uses (at least 16 characters)\n'
    )
  })

  it('should serve sign-ups until SIGTERM, then finish and exit 0 without printing the secret', async () => {
    await copyNewsroom()
    smtp = await startSmtpSink()
    const output: string[] = []
    child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--host', '127.0.0.1'], {cwd: dir, env: {...baseEnv, PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}})
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    let origin: string | undefined
    for (let attempt = 0; attempt < 200 && !origin && child.exitCode === null; attempt++) {
      origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(''))?.[1]
      if (!origin) await new Promise((done) => setTimeout(done, 50))
    }
    expect(origin, output.join('')).toBeDefined()
    const response = await fetch(`${origin}/subscribe`, {method: 'POST', body: 'email=cli.reader%40example.org', headers: {'content-type': 'application/x-www-form-urlencoded'}})
    expect(response.status).toBe(200)
    await smtp.waitFor('cli.reader@example.org', 1)

    const exited = new Promise<number | null>((done) => child?.once('exit', (code) => done(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(output.join('')).toContain('SIGTERM: finishing open requests and mails, then stopping')
    expect(output.join('')).toContain('pressroom serve: stopped')
    expect(output.join('')).not.toContain(testSecret)
    const store = await openStore(join(dir, 'data/pressroom.db'))
    expect((await findSubscriber(store.db, 'cli.reader@example.org'))?.status).toBe('pending')
    await store.close()
  })
})
