import {AsyncLocalStorage} from 'node:async_hooks'
import Database from 'better-sqlite3'
import type {Db, RunResult} from './db.js'

/** better-sqlite3's connection, for the opener's pragmas; no other module imports better-sqlite3. */
export type SqliteConnection = Database.Database

/** Open a SQLite file (or `:memory:`) with better-sqlite3; the caller sets pragmas and migrates. */
export function connectSqlite(path: string, nativeBinding: string | undefined): SqliteConnection {
  return new Database(path, nativeBinding === undefined ? {} : {nativeBinding})
}

// The busy timeout already waits for the writer ahead of us; a few more tries cover a lock that changed hands
// between its waits, without looping for ever on a database another process holds for good.
const busyTries = 3

/**
 * The store's `Db` over one better-sqlite3 connection. Statements still run synchronously and each is prepared once;
 * only the answer is a promise. One connection has one transaction, so while one is open, calls from other async
 * work (another request of the server) wait for it instead of landing inside it.
 */
export function sqliteDb(connection: SqliteConnection): Db {
  const statements = new Map<string, Database.Statement>()
  const prepare = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, (statement = connection.prepare(sql)))
    return statement
  }
  const inside = new AsyncLocalStorage<object>()
  let holder: object | undefined
  let queue: Promise<void> = Promise.resolve()
  // Resolves when no transaction of another async context is open.
  const turn = (): Promise<void> | undefined => (holder === undefined || inside.getStore() === holder ? undefined : queue.then(turn))
  const call = <T>(work: () => T): Promise<T> => {
    const wait = turn()
    if (!wait) {
      try {
        return Promise.resolve(work())
      } catch (error) {
        return Promise.reject(error as Error)
      }
    }
    return wait.then(work)
  }
  const begin = () => {
    for (let attempt = 1; ; attempt++) {
      try {
        prepare('BEGIN IMMEDIATE').run()
        return
      } catch (error) {
        const code = (error as {code?: unknown}).code
        if (attempt >= busyTries || typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw error
      }
    }
  }
  const db: Db = {
    dialect: 'sqlite',
    get: <T>(sql: string, ...params: unknown[]) => call(() => prepare(sql).get(...params) as T | undefined),
    all: <T>(sql: string, ...params: unknown[]) => call(() => prepare(sql).all(...params) as T[]),
    run: (sql: string, ...params: unknown[]) => call((): RunResult => ({changes: prepare(sql).run(...params).changes})),
    exec: (sql: string) => call(() => void connection.exec(sql)),
    async transaction<R>(fn: () => Promise<R>): Promise<R> {
      if (holder !== undefined && inside.getStore() === holder) return fn()
      while (holder !== undefined) await queue
      const token = {}
      holder = token
      let release!: () => void
      queue = new Promise((resolve) => (release = resolve))
      try {
        begin()
        return await inside.run(token, async () => {
          try {
            const result = await fn()
            prepare('COMMIT').run()
            return result
          } catch (error) {
            if (connection.inTransaction) prepare('ROLLBACK').run()
            throw error
          }
        })
      } finally {
        holder = undefined
        release()
      }
    },
    close: () => call(() => void connection.close())
  }
  return db
}
