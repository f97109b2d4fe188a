import type {Db} from './open-store.js'

// The busy timeout already waits for the writer ahead of us; a few more tries cover a lock that changed hands
// between its waits, without looping for ever on a database another process holds for good.
const busyTries = 3

/**
 * Wrap `fn` in a transaction that takes the write lock when it begins (BEGIN IMMEDIATE), retried a bounded number of
 * times on SQLITE_BUSY. A deferred transaction that reads and then writes fails at once with `database is locked`
 * when another connection wrote in between, whatever the busy timeout: the one-click unsubscribe endpoint does.
 * Build it once per connection and call it often.
 */
export function immediateTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const transaction = db.transaction(fn)
  return (...args: A): R => {
    for (let attempt = 1; ; attempt++) {
      try {
        return transaction.immediate(...args)
      } catch (error) {
        if (attempt >= busyTries || !isBusy(error)) throw error
      }
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as {code?: unknown}).code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}
