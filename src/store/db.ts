/** Which SQL the store speaks: the embedded SQLite file, or a PostgreSQL server shared by several hosts. */
export type Dialect = 'sqlite' | 'postgres'

/** What a write did: how many rows it changed. */
export interface RunResult {
  changes: number
}

/**
 * The store's connection, the same for SQLite and PostgreSQL. SQL is written once with `?` placeholders in the subset
 * both speak (`INSERT … ON CONFLICT`, `RETURNING`); `dialect` names the server where the SQL must differ.
 * A call made inside `transaction` (however deep in the call stack) runs in that transaction.
 */
export interface Db {
  readonly dialect: Dialect
  get<T>(sql: string, ...params: unknown[]): Promise<T | undefined>
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>
  run(sql: string, ...params: unknown[]): Promise<RunResult>
  /** Run statements without parameters, several separated by `;` (migrations). */
  exec(sql: string): Promise<void>
  /**
   * Run `fn` in one transaction that holds the store's write lock from its start (SQLite: BEGIN IMMEDIATE; PostgreSQL:
   * a transaction-scoped advisory lock), committed when `fn` resolves and rolled back when it throws. A transaction
   * begun inside another joins it.
   */
  transaction<R>(fn: () => Promise<R>): Promise<R>
  close(): Promise<void>
}

/** `IN (?, ?, …)` for `count` values: the list form both dialects read, where SQLite alone has json_each. */
export function inList(count: number): string {
  return `(${Array.from({length: Math.max(count, 1)}, () => '?').join(', ')})`
}
