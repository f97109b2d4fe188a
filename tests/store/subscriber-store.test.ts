import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {schemaVersion, storedSchemaVersion} from '../../src/store/migrate-store.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {formatError} from '../../src/report/pressroom-error.js'
import {addSubscriber, findSubscriber, listSubscribers, removeSubscriber, setSubscriberFrequencies} from '../../src/store/subscriber-store.js'
import {newStoreLocation, storeKinds, type StoreKind} from '../support/test-store.js'

let store: Store | undefined
afterEach(async () => {
  await store?.close()
  store = undefined
})

async function freshStore(kind: StoreKind) {
  const location = await newStoreLocation(kind)
  store = await openStore(location)
  return {db: store.db, location}
}

describe('subscriber store (sqlite)', () => {
  it('should create the database in WAL mode', async () => {
    const {db} = await freshStore('sqlite')
    expect(await db.get('PRAGMA journal_mode')).toEqual({journal_mode: 'wal'})
  })

  it('should name the unbuilt or foreign SQLite driver in one line with the rebuild command, not blame the database path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-store-'))
    // What a skipped install script or a build for another Node leaves: no addon file, or a file that is not one.
    await writeFile(join(dir, 'not-an-addon.node'), 'plain text\n')
    for (const nativeBinding of [join(dir, 'missing.node'), join(dir, 'not-an-addon.node')]) {
      let thrown: unknown
      try {
        await openStore(join(dir, 'data', 'pressroom.db'), {nativeBinding})
      } catch (error) {
        thrown = error
      }
      expect(thrown).toMatchObject({code: 'SQLITE_DRIVER_MISSING'})
      const [line, hint, ...rest] = formatError(thrown, false).split('\n')
      expect(line).toMatch(new RegExp(`^pressroom: The SQLite driver better-sqlite3 has no working native module for Node ${process.versions.node}: .+ \\[SQLITE_DRIVER_MISSING\\]$`))
      expect(hint).toBe('  hint: Run `npm rebuild better-sqlite3` with this Node; `allowScripts` in package.json lets npm 12 and later run its build script')
      expect(rest).toEqual([])
    }
  })

})

describe.each(storeKinds)('subscriber store (%s)', (kind) => {
  it('should create the database at the latest schema version, and reopen it without migrating twice', async () => {
    const {db, location} = await freshStore(kind)
    expect(await storedSchemaVersion(db)).toBe(schemaVersion)
    await addSubscriber(db, {email: 'ana@example.com'})
    await store?.close()
    store = await openStore(location)
    expect(await storedSchemaVersion(store.db)).toBe(schemaVersion)
    expect((await listSubscribers(store.db)).map((s) => s.email)).toEqual(['ana@example.com'])
  })

  it('should refuse a database from a newer pressroom instead of guessing at its schema', async () => {
    const {db, location} = await freshStore(kind)
    await db.exec(kind === 'sqlite' ? 'PRAGMA user_version = 99' : 'UPDATE pressroom_schema SET version = 99')
    await store?.close()
    store = undefined
    await expect(openStore(location)).rejects.toThrow(expect.objectContaining({code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('schema version 99')}))
  })

  it('should keep one subscriber per address whatever its case, updating name and tags', async () => {
    const {db} = await freshStore(kind)
    expect(await addSubscriber(db, {email: 'Ana@Example.com', name: 'Ana', tags: ['Energy']})).toBe('added')
    expect(await addSubscriber(db, {email: 'ana@example.COM', name: 'Ana P.', tags: ['energy', 'ports']})).toBe('updated')
    expect(await addSubscriber(db, {email: 'ANA@example.com', name: 'Ana P.', tags: ['ports', 'energy']})).toBe('unchanged')
    const all = await listSubscribers(db)
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({email: 'Ana@Example.com', name: 'Ana P.', tags: ['energy', 'ports'], status: 'active'})
  })

  it('should refuse bad addresses and control characters in any field with SUBSCRIBER_INVALID', async () => {
    const {db} = await freshStore(kind)
    await expect(addSubscriber(db, {email: 'not-an-address'})).rejects.toThrow(expect.objectContaining({code: 'SUBSCRIBER_INVALID'}))
    await expect(addSubscriber(db, {email: 'ana@example.com\r\nBcc: x@evil.example'})).rejects.toThrow(/U\+000D/)
    await expect(addSubscriber(db, {email: 'ana@example.com', name: 'Ana\nBcc: x@evil.example'})).rejects.toThrow(/U\+000A in the name/)
    await expect(addSubscriber(db, {email: 'ana@example.com', tags: ['energy\u0000']})).rejects.toThrow(/U\+0000 in a tag/)
    expect(await listSubscribers(db)).toEqual([])
  })

  it('should keep a removed address on file as suppressed and never re-activate it by add', async () => {
    const {db} = await freshStore(kind)
    await addSubscriber(db, {email: 'ana@example.com'})
    expect(await removeSubscriber(db, 'ANA@example.com')).toBe('unsubscribed')
    expect(await addSubscriber(db, {email: 'ana@example.com', name: 'Ana'})).toBe('suppressed')
    expect((await findSubscriber(db, 'ana@example.com'))?.status).toBe('unsubscribed')
    expect(await removeSubscriber(db, 'new@example.com')).toBe('suppressed-new')
    expect(await addSubscriber(db, {email: 'new@example.com'})).toBe('suppressed')
  })
})

describe.each(storeKinds)('subscriber frequency (%s)', (kind) => {
  it('should store daily by default, take a frequency on add and on update, and keep it when an update names none', async () => {
    const {db} = await freshStore(kind)
    await addSubscriber(db, {email: 'ana@example.com'})
    expect(await findSubscriber(db, 'ana@example.com')).toMatchObject({frequency: 'daily', topicFrequencies: {}})
    expect(await addSubscriber(db, {email: 'ana@example.com', frequency: 'instant'})).toBe('updated')
    expect(await addSubscriber(db, {email: 'ana@example.com', name: 'Ana'})).toBe('updated')
    expect(await findSubscriber(db, 'ana@example.com')).toMatchObject({frequency: 'instant', name: 'Ana'})
    await addSubscriber(db, {email: 'bo@example.com', frequency: 'Weekly'})
    expect((await findSubscriber(db, 'bo@example.com'))?.frequency).toBe('weekly')
  })

  it('should refuse an unknown frequency naming the ones it takes, and the database should refuse one written past the checks', async () => {
    const {db} = await freshStore(kind)
    await expect(addSubscriber(db, {email: 'ana@example.com', frequency: 'hourly'})).rejects.toThrow('Unexpected frequency `hourly`, expected `instant`, `daily`, `weekly`')
    await addSubscriber(db, {email: 'ana@example.com'})
    await expect(db.run(`UPDATE subscribers SET frequency = 'hourly'`)).rejects.toThrow(/CHECK constraint failed|violates check constraint/)
  })

  it('should set per-topic frequencies that override the subscriber\'s, and drop entries that name no frequency', async () => {
    const {db} = await freshStore(kind)
    await addSubscriber(db, {email: 'ana@example.com'})
    const ana = await findSubscriber(db, 'ana@example.com')
    expect(await setSubscriberFrequencies(db, ana?.id ?? -1, 'weekly', {energy: 'instant', ports: 'hourly' as 'daily'})).toBe(true)
    expect(await findSubscriber(db, 'ana@example.com')).toMatchObject({frequency: 'weekly', topicFrequencies: {energy: 'instant'}})
    expect(await setSubscriberFrequencies(db, 999, 'daily')).toBe(false)
  })
})
