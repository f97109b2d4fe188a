import {migrateStore, schemaVersion, storedSchemaVersion} from './migrate-store.js'
import {copyStore} from './copy-store.js'
import {openStore, storeLocation} from './open-store.js'
import {isPostgresUrl, redactUrl} from './postgres-db.js'

/** What `pressroom db …` was asked to do. */
export type DbAction = {action: 'migrate'} | {action: 'copy'; from: string; to: string}

/** Run `pressroom db migrate` (the configured `database`) or `pressroom db copy` (between two stores), saying what it did. */
export async function runDbCommand(command: DbAction, database: string | undefined, out: (line: string) => void, cwd = process.cwd()): Promise<void> {
  if (command.action === 'migrate') {
    const store = await openStore(storeLocation(database ?? 'data/pressroom.db', cwd))
    try {
      // Opening migrated it; run again to be sure, and report the version it is at.
      await migrateStore(store.db)
      out(`pressroom: ${store.path}: schema version ${await storedSchemaVersion(store.db)} (the newest this pressroom knows is ${schemaVersion})`)
    } finally {
      await store.close()
    }
    return
  }
  const from = await openStore(storeLocation(command.from, cwd))
  try {
    const to = await openStore(storeLocation(command.to, cwd))
    try {
      const copied = await copyStore(from.db, to.db)
      for (const table of copied) out(`  ${table.table}: ${table.rows} rows`)
      out(`pressroom: copied ${copied.reduce((sum, table) => sum + table.rows, 0)} rows in ${copied.length} tables from ${name(command.from)} to ${name(command.to)}; counts and checksums match`)
    } finally {
      await to.close()
    }
  } finally {
    await from.close()
  }
}

const name = (location: string) => (isPostgresUrl(location) ? redactUrl(location) : location)
