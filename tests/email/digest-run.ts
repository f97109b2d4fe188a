import {spawn} from 'node:child_process'
import {onTestFinished} from 'vitest'
import {runDigestCommand, runDigestOn, type DigestCommandOptions} from '../../src/email/digest-command.js'
import type {Config, ConfigInput} from '../../src/config/config-schema.js'
import type {Db} from '../../src/store/db.js'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import type {SubscriberInput} from '../../src/store/validate-subscriber.js'
import {makeDigestNewsroom, type DigestReleaseFile} from '../support/digest-newsroom.js'
import {cliPath, runCliAsync} from '../support/run-cli.js'
import {startSmtpTestServer} from '../support/smtp-test-server.js'

/** How many sends the sender process `pid` has marked sent (its claims name its PID), for tests of several senders. */
export const sentBy = async (db: Db, pid: number | undefined) =>
  (await db.get<{n: number}>(`SELECT COUNT(*) AS n FROM sends WHERE state = 'sent' AND claimed_by LIKE ?`, `% ${pid} %`))?.n ?? 0

/** The addresses whose handoff the sender process `pid` had begun and not finished: in flight when it was killed. */
export const inFlightOf = async (db: Db, pid: number | undefined) =>
  new Set((await db.all<{email: string}>(`SELECT b.email FROM sends s JOIN subscribers b ON b.id = s.subscriber_id WHERE s.state = 'sending' AND s.claimed_by LIKE ?`, `% ${pid} %`)).map((row) => row.email))

/** `count` distinct subscriber addresses: reader00@example.org, reader01@example.org, … */
export const readers = (count: number) => Array.from({length: count}, (_, index) => `reader${String(index).padStart(2, '0')}@example.org`)

/** Subscribe {@link readers} `count` to the newsroom whose store is at `database`; resolves to their addresses. */
export async function subscribeReaders(database: string, count: number): Promise<string[]> {
  const emails = readers(count)
  const store = await openStore(database)
  for (const email of emails) await addSubscriber(store.db, {email})
  await store.close()
  return emails
}

/** The secret every send test signs with. */
export const testSecret = 'test-secret-for-digests-0123'

/**
 * A newsroom for a send test (`config` overrides the test config): `releases`, `subscribers` in its SQLite store, a
 * test SMTP server (started with `smtp`, closed when the test finishes), and `cli` running the real CLI there with the
 * test secret and that server's URL.
 */
export async function sendingNewsroom(releases: readonly DigestReleaseFile[], subscribers: readonly SubscriberInput[], options: {config?: Partial<ConfigInput>; smtp?: Parameters<typeof startSmtpTestServer>[0]} = {}) {
  const newsroom = await makeDigestNewsroom(releases, options.config)
  const store = await openStore(newsroom.config.database)
  for (const subscriber of subscribers) await addSubscriber(store.db, subscriber)
  await store.close()
  const smtp = await startSmtpTestServer(options.smtp)
  onTestFinished(() => smtp.close())
  const cli = (...args: string[]) => runCliAsync(args, {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}})
  return {...newsroom, smtp, cli}
}

/**
 * Run `pressroom digest` in-process with instant retries, on the newsroom's store or on `db`; returns what it printed
 * (stdout and stderr together).
 */
export async function runDigest(config: Config, options: Omit<DigestCommandOptions, 'releasesDir'> & {releasesDir: string}, env: Record<string, string | undefined>, stop?: AbortSignal, db?: Db) {
  const lines: string[] = []
  let error: unknown
  let code: number | undefined
  try {
    const run = db ? (...args: Parameters<typeof runDigestCommand>) => runDigestOn(db, ...args) : runDigestCommand
    code = await run(options, config, {PRESSROOM_SECRET: testSecret, ...env}, {
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

/**
 * `pressroom digest ARGS` as a child process of the real CLI in `dir`, with only PATH, the SMTP URL and the test secret
 * in its environment, so a test can kill it mid-send. `output` is what it printed so far, stdout and stderr together.
 */
export function spawnDigest(dir: string, smtpUrl: string, args: string[], env: Record<string, string> = {}) {
  return spawnSender(dir, smtpUrl, ['digest', ...args], env)
}

/** `pressroom ARGS` (a sending command: digest, alerts) as a child process, as spawnDigest runs the digest. */
export function spawnSender(dir: string, smtpUrl: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: dir,
    env: {PATH: process.env.PATH ?? '', SMTP_URL: smtpUrl, PRESSROOM_SECRET: testSecret, CI: '1', ...env},
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {child, exited, output: () => output}
}

/** Kill the senders a test left running (a failed test leaves them mid-send) and wait until every one has exited. */
export async function stopSenders(senders: ReadonlyArray<ReturnType<typeof spawnSender>>): Promise<void> {
  for (const sender of senders) if (sender.child.exitCode === null && sender.child.signalCode === null) sender.child.kill('SIGKILL')
  await Promise.all(senders.map((sender) => sender.exited))
}
