/**
 * `compute`, remembered per key: for values asked for thousands of times per run that take only a few distinct keys
 * (tag slugs, locales, a digest's headers). Past `limit` keys new ones are computed each time, so memory stays bounded.
 */
export function boundedMemo<V>(compute: (key: string) => V, limit: number): (key: string) => V {
  const known = new Map<string, V>()
  return (key) => {
    if (known.has(key)) return known.get(key) as V
    const value = compute(key)
    if (known.size < limit) known.set(key, value)
    return value
  }
}
