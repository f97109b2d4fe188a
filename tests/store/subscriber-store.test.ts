import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {schemaVersion} from '../../src/store/migrate-store.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {formatError} from '../../src/report/pressroom-error.js'
import {addSubscriber, findSubscriber, listSubscribers, removeSubscriber} from '../../src/store/subscriber-store.js'

let store: Store | undefined
afterEach(() => store?.close())

async function freshStore() {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-store-'))
  store = openStore(join(dir, 'data', 'pressroom.db'))
  return store
}

describe('subscriber store', () => {
  it('should create the database in WAL mode at the latest schema version, and reopen it without migrating twice', async () => {
    const {db, path} = await freshStore()
    expect(db.pragma('journal_mode', {simple: true})).toBe('wal')
    expect(db.pragma('user_version', {simple: true})).toBe(schemaVersion)
    addSubscriber(db, {email: 'ana@example.com'})
    store?.close()
    store = openStore(path)
    expect(listSubscribers(store.db).map((s) => s.email)).toEqual(['ana@example.com'])
  })

  it('should refuse a database from a newer pressroom instead of guessing at its schema', async () => {
    const {db, path} = await freshStore()
    db.pragma('user_version = 99')
    store?.close()
    store = undefined
    expect(() => openStore(path)).toThrow(expect.objectContaining({code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('schema version 99')}))
  })

  it('should name the unbuilt or foreign SQLite driver in one line with the rebuild command, not blame the database path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-store-'))
    // What a skipped install script or a build for another Node leaves: no addon file, or a file that is not one.
    await writeFile(join(dir, 'not-an-addon.node'), 'plain text\n')
    for (const nativeBinding of [join(dir, 'missing.node'), join(dir, 'not-an-addon.node')]) {
      let thrown: unknown
      try {
        openStore(join(dir, 'data', 'pressroom.db'), {nativeBinding})
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

  it('should keep one subscriber per address whatever its case, updating name and tags', async () => {
    const {db} = await freshStore()
    expect(addSubscriber(db, {email: 'Ana@Example.com', name: 'Ana', tags: ['Energy']})).toBe('added')
    expect(addSubscriber(db, {email: 'ana@example.COM', name: 'Ana P.', tags: ['energy', 'ports']})).toBe('updated')
    expect(addSubscriber(db, {email: 'ANA@example.com', name: 'Ana P.', tags: ['ports', 'energy']})).toBe('unchanged')
    const all = listSubscribers(db)
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({email: 'Ana@Example.com', name: 'Ana P.', tags: ['energy', 'ports'], status: 'active'})
  })

  it('should refuse bad addresses and control characters in any field with SUBSCRIBER_INVALID', async () => {
    const {db} = await freshStore()
    expect(() => addSubscriber(db, {email: 'not-an-address'})).toThrow(expect.objectContaining({code: 'SUBSCRIBER_INVALID'}))
    expect(() => addSubscriber(db, {email: 'ana@example.com\r\nBcc: x@evil.example'})).toThrow(/U\+000D/)
    expect(() => addSubscriber(db, {email: 'ana@example.com', name: 'Ana\nBcc: x@evil.example'})).toThrow(/U\+000A in the name/)
    expect(() => addSubscriber(db, {email: 'ana@example.com', tags: ['energy\u0000']})).toThrow(/U\+0000 in a tag/)
    expect(listSubscribers(db)).toEqual([])
  })

  it('should keep a removed address on file as suppressed and never re-activate it by add', async () => {
    const {db} = await freshStore()
    addSubscriber(db, {email: 'ana@example.com'})
    expect(removeSubscriber(db, 'ANA@example.com')).toBe('unsubscribed')
    expect(addSubscriber(db, {email: 'ana@example.com', name: 'Ana'})).toBe('suppressed')
    expect(findSubscriber(db, 'ana@example.com')?.status).toBe('unsubscribed')
    expect(removeSubscriber(db, 'new@example.com')).toBe('suppressed-new')
    expect(addSubscriber(db, {email: 'new@example.com'})).toBe('suppressed')
  })
})
