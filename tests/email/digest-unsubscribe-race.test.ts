import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'
import {digestStatus, listSends} from '../../src/store/digest-store.js'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber, listSubscribers} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {runDigest} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const store = (name: string) => fileURLToPath(new URL(`../../dist/store/${name}.js`, import.meta.url))

// Another process, as the subscription server is: the store's own one-click unsubscribe, one commit each, as fast as
// it can. It starts writing before the digest exists, unsubscribes the targets once it does, then keeps writing.
const unsubscriber = `
const [database, targets] = [process.argv[1], JSON.parse(process.argv[2])]
const {openStore} = await import(${JSON.stringify(store('open-store'))})
const {unsubscribeById} = await import(${JSON.stringify(store('subscriber-store'))})
const {db, close} = await openStore(database)
// Bounded by time: a count alone ran out before the digest ended on a fast machine, and the race was gone.
const deadline = Date.now() + 45_000
let writes = 0
let started = false
for (let i = 0; i < 50_000_000 && Date.now() < deadline; i++) {
  if (!started && (await db.get('SELECT COUNT(*) AS n FROM digests')).n > 0) started = true
  await unsubscribeById(db, started ? targets[writes % targets.length] : targets[0], {})
  writes++
  if (writes === 1) process.stdout.write('writing\\n')
}
await close()
process.stdout.write('done ' + writes + '\\n')
`

describe('pressroom digest while subscribers unsubscribe', () => {
  it('should complete, and mail nobody who had unsubscribed when claimed, while another process unsubscribes in a tight loop', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    const setup = await openStore(newsroom.config.database)
    for (let index = 0; index < 300; index++) await addSubscriber(setup.db, {email: `reader${String(index).padStart(3, '0')}@example.org`})
    // Records, inside each claim's own transaction, what the claim saw of the subscriber: the state it decided on.
    await setup.db.exec(`CREATE TABLE claim_seen (subscriber_id INTEGER, status TEXT);
      CREATE TRIGGER claim_seen AFTER UPDATE OF state ON sends WHEN NEW.state = 'sending'
      BEGIN INSERT INTO claim_seen SELECT NEW.subscriber_id, status FROM subscribers WHERE id = NEW.subscriber_id; END;`)
    const ids = (await listSubscribers(setup.db)).map((subscriber) => subscriber.id)
    await setup.close()
    // Every third reader, the first of them also the one written to before the digest exists (so it is frozen as skipped).
    const targets = ids.filter((_, index) => index % 3 === 0)
    server = await startSmtpTestServer()

    const child = spawn(process.execPath, ['--input-type=module', '-e', unsubscriber, newsroom.config.database, JSON.stringify(targets)], {stdio: ['ignore', 'pipe', 'inherit']})
    let childOutput = ''
    child.stdout.on('data', (chunk: Buffer) => (childOutput += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Bounded wait for the writer to be under way: 500 polls of 20 ms at most.
    for (let poll = 0; poll < 500 && !childOutput.includes('writing'); poll++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(childOutput).toContain('writing')

    // --rate makes each claim its own transaction (a read, then a write), the case the busy timeout did not cover.
    const run = await runDigest(newsroom.config, {releasesDir: newsroom.releasesDir, now: '2025-09-16T12:00:00Z', cwd: newsroom.dir, rate: 100_000}, {SMTP_URL: server.url})
    const stillWriting = !childOutput.includes('done')
    child.kill()
    await exited
    expect(run.error).toBeUndefined()
    expect(stillWriting).toBe(true)

    const after = await openStore(newsroom.config.database)
    expect((await digestStatus(after.db))?.digest.status).toBe('done')
    const seen = new Map(((await after.db.all('SELECT subscriber_id, status FROM claim_seen')) as {subscriber_id: number; status: string}[]).map((row) => [row.subscriber_id, row.status]))
    const mailed = await listSends(after.db, 1, 'sent')
    const skippedAtClaim = (await listSends(after.db, 1, 'skipped')).filter((send) => send.lastError === 'subscriber is unsubscribed')
    await after.close()
    expect(mailed.every((send) => seen.get(send.subscriberId) === 'active')).toBe(true)
    expect(skippedAtClaim.every((send) => seen.get(send.subscriberId) === 'unsubscribed')).toBe(true)
    expect(server.accepted.map((message) => message.to).sort()).toEqual(mailed.map((send) => send.email).sort())
    // The race was real: some targets were unsubscribed between the freeze and their claim.
    expect(skippedAtClaim.length).toBeGreaterThan(0)
    console.info(`unsubscribe race: ${mailed.length} mailed, ${skippedAtClaim.length} skipped at their claim`)
  })
})
