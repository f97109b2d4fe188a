import {mkdirSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {PressroomError} from '../report/pressroom-error.js'
import type {Db} from './db.js'
import {migrateStore} from './migrate-store.js'
import {connectPostgres, isPostgresUrl, redactUrl} from './postgres-db.js'
import {connectSqlite, sqliteDb, type SqliteConnection} from './sqlite-db.js'

export type {Db} from './db.js'

/** An open subscriber store (a SQLite file in WAL mode, or a PostgreSQL database), migrated to the current schema. */
export interface Store {
  db: Db
  /** The SQLite file, or the PostgreSQL URL with its password masked. */
  path: string
  close(): Promise<void>
}

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** better-sqlite3's compiled addon, when it is not at the place its install script builds it to. */
  nativeBinding?: string
}

/** Where the config's `database` points: a PostgreSQL URL as it is, a file path resolved against `cwd`. */
export function storeLocation(database: string, cwd: string): string {
  return isPostgresUrl(database) || database === ':memory:' ? database : resolve(cwd, database)
}

/**
 * Open the store at `location` and run pending migrations: a `postgres://` URL connects to PostgreSQL, anything else
 * is a SQLite file, created if needed (`:memory:` works for tests).
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(location)) return openPostgresStore(location)
  const path = location
  let connection: SqliteConnection
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), {recursive: true})
    connection = connectSqlite(path, options.nativeBinding)
  } catch (error) {
    if (isMissingAddon(error)) {
      // The driver itself cannot load: nothing is wrong with the database, and the path hint would send people astray.
      const firstLine = (error as Error).message.split('\n', 1)[0]!.replace(/ Tried:$/, '')
      throw new PressroomError('SQLITE_DRIVER_MISSING', `The SQLite driver better-sqlite3 has no working native module for Node ${process.versions.node}: ${firstLine}`, {
        hint: 'Run `npm rebuild better-sqlite3` with this Node; `allowScripts` in package.json lets npm 12 and later run its build script',
        cause: error
      })
    }
    throw new PressroomError('DATABASE_UNAVAILABLE', `Could not open the database \`${path}\`: ${(error as Error).message}`, {
      hint: 'Check the `database` path in the config and that its folder is writable',
      cause: error
    })
  }
  // WAL lets `digest --status` read while a send is writing. NORMAL (not FULL) skips the fsync per commit: a committed
  // send state still survives a killed process, since it is in the OS once the commit returns. Only a power cut can
  // lose the last commits, and then a row falls back to an earlier state (sent -> sending -> pending), never forward:
  // it is sent again under the same Message-ID, never skipped. FULL would fsync at every commit, one a message (it ran
  // at 130 msg/s against 320 when each message took two commits).
  connection.pragma('journal_mode = WAL')
  connection.pragma('synchronous = NORMAL')
  connection.pragma('foreign_keys = ON')
  connection.pragma('busy_timeout = 5000')
  const db = sqliteDb(connection)
  try {
    await migrateStore(db)
  } catch (error) {
    await db.close()
    if (error instanceof PressroomError) throw error
    throw new PressroomError('DATABASE_UNAVAILABLE', `Could not migrate the database \`${path}\`: ${(error as Error).message}`, {
      hint: 'Restore the file from a backup or move it aside to start a new one',
      cause: error
    })
  }
  return {db, path, close: () => db.close()}
}

async function openPostgresStore(url: string): Promise<Store> {
  const db = await connectPostgres(url)
  const path = redactUrl(url)
  try {
    await migrateStore(db)
  } catch (error) {
    await db.close()
    if (error instanceof PressroomError) throw error
    throw new PressroomError('DATABASE_UNAVAILABLE', `Could not migrate the PostgreSQL database ${path}: ${(error as Error).message}`, {
      hint: 'Check that the user may create tables in this database',
      cause: error
    })
  }
  return {db, path, close: () => db.close()}
}

/** better-sqlite3's addon was never built (install script skipped), was built for another Node, or is not an addon. */
function isMissingAddon(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as NodeJS.ErrnoException).code
  return error.message.startsWith('Could not locate the bindings file') || code === 'ERR_DLOPEN_FAILED' ||
    (code === 'MODULE_NOT_FOUND' && error.message.includes('.node'))
}
