import {hash} from 'node:crypto'
import {mkdirSync, readdirSync, unlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {linkInBackground} from './link-in-background.js'
import {linkOrCopy} from './link-or-copy.js'
import {outputFile} from './output-keys.js'

/**
 * The files of the last build by output key, in the build cache: a build with no build folder to start from (a CI
 * deploy restores the cache folder alone, or `out/` was deleted) takes each output whose key it holds from here instead
 * of rendering it again. Hard links to the build folder's files, so it costs no space beside `out/` (copies where the
 * cache is on another filesystem).
 */
export interface OutputStore {
  /** Whether the store holds the file of site path `path` under `key`. */
  has(path: string, key: string): boolean
  /**
   * Link the stored file of each `[path, key]` into the out folder `outDir`, on another thread for many (see
   * {@link linkInBackground}); resolves to the paths it could not place (a stored file gone since the store was opened).
   */
  restore(outputs: ReadonlyArray<readonly [path: string, key: string]>, outDir: string): Promise<string[]>
  /**
   * Hold the file of each site path of `keys` from the finished build folder `buildDir` (those it lacks), and drop
   * every file of a key no longer in use. Of a path without a leading `/`, which lives outside the out folder (the
   * sample digest, in the cache folder), it holds an empty mark that the build wrote it under its key.
   */
  keep(keys: Readonly<Record<string, string>>, buildDir: string, skip: ReadonlySet<string>): void
}

/** The output store in `dir` for outputs rendered under `stamp` (pressroom, pipeline and kind of build). */
export function openOutputStore(dir: string, stamp: string): OutputStore {
  let held: Set<string>
  try {
    held = new Set(readdirSync(dir))
  } catch {
    held = new Set()
  }
  // The path is in the name: two outputs with the same key (a feed and its copy) are two files.
  const names = new Map<string, string>()
  // Asked of every output by `has`, `restore` and `keep` in one build: each name is hashed once.
  const nameOf = (path: string, key: string) => {
    const id = `${path}\0${key}`
    let name = names.get(id)
    if (name === undefined) names.set(id, (name = hash('sha256', `${stamp}\0${id}`, 'hex').slice(0, 40)))
    return name
  }
  return {
    has: (path, key) => held.has(nameOf(path, key)),
    async restore(outputs, outDir) {
      // Each output's place in `outDir`, made once: linked to, then looked up for the paths that could not be placed.
      const pathAt = new Map<string, string>()
      const pairs = outputs.map(([path, key]) => {
        const to = join(outDir, outputFile(path))
        pathAt.set(to, path)
        return [join(dir, nameOf(path, key)), to] as const
      })
      return (await linkInBackground(pairs)).map((to) => pathAt.get(to) as string)
    },
    keep(keys, buildDir, skip) {
      mkdirSync(dir, {recursive: true})
      const live = new Set<string>()
      for (const [path, key] of Object.entries(keys)) {
        if (skip.has(path)) continue
        const name = nameOf(path, key)
        live.add(name)
        if (held.has(name)) continue
        if (!path.startsWith('/')) writeFileSync(join(dir, name), '')
        if (!path.startsWith('/') || store(join(buildDir, outputFile(path)), join(dir, name))) held.add(name)
      }
      for (const name of held) {
        if (live.has(name)) continue
        try {
          unlinkSync(join(dir, name))
        } catch {
          // Already gone: nothing to drop.
        }
        held.delete(name)
      }
    }
  }
}

/** Link or copy `from` to `to`; false when it is missing or could not be placed. */
function store(from: string, to: string): boolean {
  try {
    return linkOrCopy(from, to) !== undefined
  } catch {
    return false
  }
}
