import Database from 'better-sqlite3'
import {mkdirSync} from 'node:fs'
import {dirname} from 'node:path'
import {PressroomError} from '../report/pressroom-error.js'
import {migrateStore} from './migrate-store.js'

/** The open SQLite connection. The only module that imports better-sqlite3 re-exports its type for the others. */
export type Db = Database.Database

/** An open subscriber store: one SQLite file in WAL mode, migrated to the current schema. */
export interface Store {
  db: Db
  path: string
  close(): void
}

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** better-sqlite3's compiled addon, when it is not at the place its install script builds it to. */
  nativeBinding?: string
}

/** Open (creating if needed) the SQLite store at `path` and run pending migrations. `:memory:` works for tests. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  let db: Db
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), {recursive: true})
    db = new Database(path, options.nativeBinding === undefined ? {} : {nativeBinding: options.nativeBinding})
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
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  cacheStatements(db)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  try {
    migrateStore(db)
  } catch (error) {
    db.close()
    if (error instanceof PressroomError) throw error
    throw new PressroomError('DATABASE_UNAVAILABLE', `Could not migrate the database \`${path}\`: ${(error as Error).message}`, {
      hint: 'Restore the file from a backup or move it aside to start a new one',
      cause: error
    })
  }
  return {db, path, close: () => db.close()}
}

/**
 * Reuse each prepared statement: the store's functions call `db.prepare(sql)` with constant SQL, and compiling it again
 * for every state change of a big send was a large share of the send loop's own time.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db)
  const statements = new Map<string, ReturnType<Db['prepare']>>()
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, (statement = prepare(sql)))
    return statement
  }) as Db['prepare']
}

/** better-sqlite3's addon was never built (install script skipped), was built for another Node, or is not an addon. */
function isMissingAddon(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as NodeJS.ErrnoException).code
  return error.message.startsWith('Could not locate the bindings file') || code === 'ERR_DLOPEN_FAILED' ||
    (code === 'MODULE_NOT_FOUND' && error.message.includes('.node'))
}
