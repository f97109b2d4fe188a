import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {readTree} from '../support/read-tree.js'
import {runCli} from '../support/run-cli.js'
import {testSecret} from './digest-run.js'

const readers = ['ana.reader@example.org', 'ben.reader@example.org']

describe('pressroom digest --dry-run', () => {
  it('should leave no subscriber address, no unsubscribe token and no preview anywhere under out/, in any later build', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}, {date: '2025-09-14', slug: 'port-budget'}])
    const store = await openStore(newsroom.config.database)
    for (const email of readers) await addSubscriber(store.db, {email})
    await store.close()
    const env = {PRESSROOM_SECRET: testSecret}
    const now = ['--now', '2025-09-16T12:00:00Z']
    expect(runCli(['build', ...now], {cwd: newsroom.dir}).status).toBe(0)

    const dryRun = runCli(['digest', '--dry-run', ...now], {cwd: newsroom.dir, env})
    expect(dryRun.stderr).toBe('')
    expect(dryRun.status).toBe(0)
    // Beside the database, in a folder of its own per run.
    const runs = await readdir(join(newsroom.dir, 'data', 'dry-run'))
    expect(runs).toHaveLength(1)
    const folder = join(newsroom.dir, 'data', 'dry-run', runs[0] as string)
    expect(dryRun.stdout).toContain(`wrote 2 messages to ${folder}`)
    const messages = await Promise.all((await readdir(folder)).map((name) => readFile(join(folder, name), 'utf8')))
    // What must never be deployed, taken from the messages themselves: the addresses and the signed tokens.
    const tokens = messages.flatMap((text) => [...text.replace(/=\r?\n/g, '').matchAll(/token=([\w.-]{20,})/g)].map((match) => match[1] as string))
    expect(tokens.length).toBeGreaterThanOrEqual(2)

    for (const args of [['build', ...now], ['build', ...now, '--no-cache'], ['build', '--now', '2025-09-17T12:00:00Z']]) {
      expect(runCli(args, {cwd: newsroom.dir}).status).toBe(0)
      const out = readTree(join(newsroom.dir, 'out'))
      expect([...out.keys()].filter((path) => /(^|\/)(email\/|preview\.|[^/]*\.eml$)/.test(path)), args.join(' ')).toEqual([])
      for (const [path, bytes] of out) {
        const text = bytes.toString('latin1')
        for (const secret of [...readers, ...tokens]) expect(text.includes(secret), `${path} holds ${secret}`).toBe(false)
      }
    }
  })

  it('should refuse to write a dry run into the out folder, the default one or any a build marked as its own', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: readers[0] as string})
    await store.close()
    expect(runCli(['build', '--out', 'site', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir}).status).toBe(0)
    for (const out of ['out/email', 'site', 'site/email/run-1']) {
      const refused = runCli(['digest', '--dry-run', '--out', out, '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir})
      expect(refused.status, out).toBe(1)
      expect(refused.stderr).toContain('[DRY_RUN_OUT_INVALID]')
    }
    expect([...readTree(join(newsroom.dir, 'site')).keys()].filter((path) => path.endsWith('.eml'))).toEqual([])
    const elsewhere = runCli(['digest', '--dry-run', '--out', 'previews/run-1', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir})
    expect(elsewhere.status).toBe(0)
    expect(await readdir(join(newsroom.dir, 'previews', 'run-1'))).toHaveLength(1)
  })
})
