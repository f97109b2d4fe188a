/**
 * `compute`, remembered per key: for values asked for thousands of times per run that take only a few distinct keys
 * (tag slugs, locales, a digest's headers, the feed items of releases listed in several feeds). Past `limit` keys new
 * ones are computed each time, so memory stays bounded.
 */
export function boundedMemo<V, K = string>(compute: (key: K) => V, limit: number): (key: K) => V {
  const known = new Map<K, V>()
  return (key) => {
    if (known.has(key)) return known.get(key) as V
    const value = compute(key)
    if (known.size < limit) known.set(key, value)
    return value
  }
}
