import type {Db} from '../../src/store/db.js'

/**
 * `db` that awaits `before(n)` ahead of its n-th statement made outside a transaction: another host's work slipped in
 * at that point of a run. Statements inside a transaction are not interrupted (another host would wait for the store's
 * write lock there).
 */
export function interleavedDb(db: Db, before: (n: number) => Promise<void>): Db {
  let depth = 0
  let count = 0
  const step = async () => {
    if (depth === 0) await before(++count)
  }
  return {
    dialect: db.dialect,
    get: async (sql, ...params) => (await step(), db.get(sql, ...params)),
    all: async (sql, ...params) => (await step(), db.all(sql, ...params)),
    run: async (sql, ...params) => (await step(), db.run(sql, ...params)),
    exec: async (sql) => (await step(), db.exec(sql)),
    transaction: (fn) => db.transaction(async () => {
      depth++
      try {
        return await fn()
      } finally {
        depth--
      }
    }),
    close: () => db.close()
  }
}
