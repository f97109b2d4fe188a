/**
 * Each release's item, made once however many of `lists` (the feeds to write, in order) list it and forgotten after the
 * last of them: feeds list most recent releases several times, and holding every item to the end grew with the newsroom.
 */
export function sharedItems<K, V>(lists: ReadonlyArray<readonly K[]>, make: (key: K, feedUrl: string) => V): (key: K, feedUrl: string) => V {
  const uses = new Map<K, number>()
  for (const list of lists) for (const key of list) uses.set(key, (uses.get(key) ?? 0) + 1)
  const made = new Map<K, V>()
  return (key, feedUrl) => {
    const item = made.get(key) ?? make(key, feedUrl)
    const left = (uses.get(key) ?? 1) - 1
    uses.set(key, left)
    if (left > 0) made.set(key, item)
    else made.delete(key)
    return item
  }
}
