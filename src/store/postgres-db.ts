import {AsyncLocalStorage} from 'node:async_hooks'
import type pg from 'pg'
import {PressroomError} from '../report/pressroom-error.js'
import type {Db, RunResult} from './db.js'

/** True when the configured database names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location)
}

/** The URL with its password masked, for messages: a connection error must never print the secret. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the PostgreSQL URL (unreadable)'
  }
}

// COUNT(*) and BIGINT come back as text by default; every number the store keeps fits in a double.
const int8 = 20
const typesOf = (driver: typeof pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8 ? (value: string) => Number(value) : driver.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
})

// Every writing transaction holds this one advisory lock, as every SQLite write transaction holds the file's write
// lock (BEGIN IMMEDIATE): read-then-write steps (take a lease, freeze a digest's recipients) stay race-free.
const writeLockKey = 0x70726573

/** `?` placeholders -> `$1, $2, …` (the store's SQL has no `?` inside string literals). */
function numbered(sql: string): string {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

/**
 * Connect to PostgreSQL at `url` and check the connection works, or throw one readable `DATABASE_UNAVAILABLE` line
 * without the password. The pool gives each transaction a client of its own.
 */
export async function connectPostgres(url: string): Promise<Db> {
  // Loaded here, not with this module: every build opens the ledger, and one on SQLite has no use for the driver.
  const {default: driver} = await import('pg')
  const pool = new driver.Pool({connectionString: url, types: typesOf(driver), max: 4, connectionTimeoutMillis: 10_000})
  // An idle client whose server went away emits an error; the next query reports it, the process must not die of it.
  pool.on('error', () => {})
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => {})
    throw new PressroomError('DATABASE_UNAVAILABLE', `Could not connect to the PostgreSQL database ${redactUrl(url)}: ${(error as Error).message}`, {
      hint: 'Check the host, port, user and database in `database` (or DATABASE_URL) and that the server accepts connections from this host',
      cause: error
    })
  }
  const sqlOf = new Map<string, string>()
  const text = (sql: string) => {
    let converted = sqlOf.get(sql)
    if (converted === undefined) sqlOf.set(sql, (converted = numbered(sql)))
    return converted
  }
  const inside = new AsyncLocalStorage<pg.PoolClient>()
  const query = (sql: string, params: unknown[]) => (inside.getStore() ?? pool).query(text(sql), params)
  return {
    dialect: 'postgres',
    get: async <T>(sql: string, ...params: unknown[]) => (await query(sql, params)).rows[0] as T | undefined,
    all: async <T>(sql: string, ...params: unknown[]) => (await query(sql, params)).rows as T[],
    run: async (sql: string, ...params: unknown[]): Promise<RunResult> => ({changes: (await query(sql, params)).rowCount ?? 0}),
    exec: async (sql: string) => void (await (inside.getStore() ?? pool).query(sql)),
    async transaction<R>(fn: () => Promise<R>): Promise<R> {
      if (inside.getStore()) return fn()
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        await client.query('SELECT pg_advisory_xact_lock($1)', [writeLockKey])
        const result = await inside.run(client, fn)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => void (broken = rollback))
        throw error
      } finally {
        client.release(broken)
      }
    },
    close: () => pool.end()
  }
}
