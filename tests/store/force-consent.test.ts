import {cp, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {listConsents} from '../../src/store/consent-store.js'
import {openStore} from '../../src/store/open-store.js'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {runCli} from '../support/run-cli.js'
import {newStoreLocation, storeKinds, type StoreKind} from '../support/test-store.js'

const fixtureNewsroom = new URL('../fixtures/dev-newsroom/', import.meta.url).pathname

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
  dir = undefined
})

/** A copy of the fixture newsroom in which `gone@example.org` subscribed through `subscribers add` and then left. */
async function newsroomWithSuppressed(kind: StoreKind): Promise<{dir: string; cli(...args: string[]): ReturnType<typeof runCli>; state(email: string): Promise<unknown>}> {
  const copy = (dir = await mkdtemp(join(tmpdir(), 'pressroom-consent-')))
  await cp(fixtureNewsroom, copy, {recursive: true})
  // PostgreSQL through DATABASE_URL, as an operator would give it; SQLite at the fixture config's file.
  const database = kind === 'sqlite' ? join(copy, 'data/pressroom.db') : await newStoreLocation(kind)
  const env: Record<string, string> = kind === 'sqlite' ? {} : {DATABASE_URL: database}
  const cli = (...args: string[]) => runCli(['subscribers', ...args], {cwd: copy, env})
  expect(cli('add', 'gone@example.org', '--tags', 'ports').status).toBe(0)
  expect(cli('remove', 'gone@example.org').status).toBe(0)
  // The file as another process sees it: opened for each look and closed, so the CLI's writes are all there.
  const state = async (email: string) => {
    const store = await openStore(database)
    try {
      const subscriber = await findSubscriber(store.db, email)
      return {subscriber, consents: subscriber ? await listConsents(store.db, subscriber.id) : []}
    } finally {
      await store.close()
    }
  }
  return {dir: copy, cli, state}
}

describe.each(storeKinds)('subscribers add and import of a suppressed address (%s)', (kind) => {
  it('should refuse to resubscribe it, name the address and CSV line, exit non-zero and change nothing', async () => {
    const newsroom = await newsroomWithSuppressed(kind)
    const before = await newsroom.state('gone@example.org')
    expect(before).toMatchObject({subscriber: {status: 'unsubscribed'}, consents: [{source: 'add', reason: undefined}]})

    const added = newsroom.cli('add', 'Gone@example.org', '--tags', 'energy')
    expect(added.status).toBe(1)
    expect(added.stdout).toContain('pressroom: Gone@example.org: NOT added: this address unsubscribed and stays suppressed')
    expect(added.stdout).toContain('--force-consent')

    await writeFile(join(newsroom.dir, 'list.csv'), 'email,name,tags\nnew@example.org,New,energy\ngone@example.org,Gone,energy\n')
    const imported = newsroom.cli('import', 'list.csv')
    expect(imported.status).toBe(1)
    expect(imported.stdout).toContain('line 3: gone@example.org NOT imported: this address unsubscribed and stays suppressed')
    expect(imported.stdout).toContain('--force-consent')
    expect(await newsroom.state('gone@example.org')).toEqual(before)
    // The rest of the file is imported, as with a rejected row, and its consent recorded.
    expect(await newsroom.state('new@example.org')).toMatchObject({subscriber: {status: 'active'}, consents: [{source: 'import', reason: undefined}]})

    const empty = newsroom.cli('add', 'gone@example.org', '--force-consent', '  ')
    expect(empty.status).toBe(1)
    expect(empty.stderr).toContain('ARGUMENT_INVALID')
    expect(await newsroom.state('gone@example.org')).toEqual(before)
  })

  it('should resubscribe it with --force-consent and keep the reason as a new consent beside the old one', async () => {
    const newsroom = await newsroomWithSuppressed(kind)
    const added = newsroom.cli('add', 'gone@example.org', '--force-consent', 'asked by phone, ticket 4411')
    expect(added.status, added.stdout + added.stderr).toBe(0)
    expect(added.stdout).toContain('gone@example.org: resubscribed; consent recorded: asked by phone, ticket 4411')
    expect(await newsroom.state('gone@example.org')).toMatchObject({
      subscriber: {status: 'active', unsubscribedAt: undefined, tags: ['ports']},
      consents: [{source: 'add', reason: undefined}, {source: 'add', reason: 'asked by phone, ticket 4411'}]
    })

    expect(newsroom.cli('remove', 'gone@example.org').status).toBe(0)
    await writeFile(join(newsroom.dir, 'list.csv'), 'email,name,tags\ngone@example.org,Gone,energy\n')
    const imported = newsroom.cli('import', 'list.csv', '--force-consent', 'signed form at the trade fair')
    expect(imported.status, imported.stdout + imported.stderr).toBe(0)
    expect(imported.stdout).toContain('line 2: gone@example.org resubscribed (--force-consent)')
    const after = await newsroom.state('gone@example.org') as {consents: {source: string; reason?: string}[]}
    expect(after).toMatchObject({subscriber: {status: 'active', tags: ['energy']}})
    expect(after.consents.map(({source, reason}) => [source, reason])).toEqual([
      ['add', undefined], ['add', 'asked by phone, ticket 4411'], ['import', 'signed form at the trade fair']
    ])
  })
})
