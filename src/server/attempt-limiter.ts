/** Counts attempts per key in fixed windows; in memory, so a restart forgets (acceptable for sign-up throttling). */
export interface AttemptLimiter {
  /** Count one attempt for `key`; false when the key has used up its window. */
  take(key: string): boolean
}

/**
 * A per-key limit of `max` attempts per `windowMs`. The map holds at most `maxKeys` keys: when full, expired windows
 * are swept and then the oldest keys dropped, so a flood of distinct addresses or IPs cannot exhaust memory.
 */
export function createAttemptLimiter(options: {max: number; windowMs: number; maxKeys?: number; now?: () => number}): AttemptLimiter {
  const maxKeys = options.maxKeys ?? 10_000
  const now = options.now ?? Date.now
  const windows = new Map<string, {count: number; resetAt: number}>()
  const makeRoom = (at: number) => {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key)
    // Map iteration is insertion order: the first keys are the oldest windows.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break
      windows.delete(key)
    }
  }
  return {
    take(key) {
      const at = now()
      const window = windows.get(key)
      if (window && window.resetAt > at) {
        window.count++
        return window.count <= options.max
      }
      windows.delete(key)
      if (windows.size >= maxKeys) makeRoom(at)
      windows.set(key, {count: 1, resetAt: at + options.windowMs})
      return options.max >= 1
    }
  }
}
