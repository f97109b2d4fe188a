import {randomBytes} from 'node:crypto'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {inject} from 'vitest'
import {openStore, type Store} from '../../src/store/open-store.js'
import {connectPostgres} from '../../src/store/postgres-db.js'

/** The two stores every store test runs against. */
export const storeKinds = ['sqlite', 'postgres'] as const

/** Which store a test runs against. */
export type StoreKind = (typeof storeKinds)[number]

/**
 * Where a new, empty store of `kind` is: a SQLite file in a new temp folder, or a new database in the run's private
 * PostgreSQL cluster (tests/postgres-setup.ts), so no two tests share rows.
 */
export async function newStoreLocation(kind: StoreKind): Promise<string> {
  if (kind === 'sqlite') return join(await mkdtemp(join(tmpdir(), 'pressroom-store-')), 'data', 'pressroom.db')
  const name = `test_${randomBytes(6).toString('hex')}`
  const admin = await connectPostgres(inject('postgresUrl'))
  try {
    await admin.exec(`CREATE DATABASE ${name}`)
  } finally {
    await admin.close()
  }
  return inject('postgresUrl').replace(/\/postgres$/, `/${name}`)
}

/** Open a new, empty, migrated store of `kind`. */
export async function openTestStore(kind: StoreKind): Promise<Store> {
  return openStore(await newStoreLocation(kind))
}
