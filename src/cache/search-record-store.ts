import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

/** A file of a search bundle: its path inside the bundle's folder and its bytes. */
export interface StoredFile {
  path: string
  content: Uint8Array
}

/**
 * What the search index keeps between builds: each release's extracted record by key, and each language's index
 * (Pagefind's bundle) by the key of the records it was made of.
 */
export interface SearchRecordStore {
  /** Every stored record by its key; none when the file is missing, damaged or of another format. */
  load(): Map<string, string>
  /** Replace the stored records by `records`: those of releases gone or changed are dropped. */
  save(records: ReadonlyMap<string, string>): void
  /** The files of the bundle stored under `key`, if it is stored whole. */
  readBundle(key: string): StoredFile[] | undefined
  writeBundle(key: string, files: readonly StoredFile[]): void
  /** Drop every stored bundle but those of `keys`. */
  keepBundles(keys: ReadonlySet<string>): void
}

const format = 'pressroom-search-records 1'
// Written last into a bundle's folder: a folder without it is a bundle a killed build left half-written.
const complete = '.complete'

/**
 * The search cache in `dir`: the records in one JSON file, read once per build that writes the index rather than a
 * file per release, since a rebuild after one edit reads them all; each bundle in a folder of its own.
 */
export function openSearchRecordStore(dir: string): SearchRecordStore {
  const recordsFile = join(dir, 'records.json')
  const bundlesDir = join(dir, 'bundles')
  return {
    load() {
      try {
        const stored = JSON.parse(readFileSync(recordsFile, 'utf8')) as {format?: unknown; records?: unknown}
        if (stored.format !== format || typeof stored.records !== 'object' || stored.records === null) return new Map()
        return new Map(Object.entries(stored.records as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      } catch {
        return new Map()
      }
    },
    save(records) {
      mkdirSync(dir, {recursive: true})
      // Written aside and renamed: a build killed midway leaves the last whole file.
      const part = `${recordsFile}.${process.pid}.part`
      writeFileSync(part, JSON.stringify({format, records: Object.fromEntries(records)}))
      renameSync(part, recordsFile)
    },
    readBundle(key) {
      const folder = join(bundlesDir, key)
      try {
        const paths = readdirSync(folder, {recursive: true, withFileTypes: true}).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
        if (!paths.includes(complete)) return undefined
        return paths.filter((path) => path !== complete).map((path) => ({path, content: readFileSync(join(folder, path))}))
      } catch {
        return undefined
      }
    },
    writeBundle(key, files) {
      const folder = join(bundlesDir, key)
      rmSync(folder, {recursive: true, force: true})
      for (const file of files) {
        mkdirSync(dirname(join(folder, file.path)), {recursive: true})
        writeFileSync(join(folder, file.path), file.content)
      }
      writeFileSync(join(folder, complete), '')
    },
    keepBundles(keys) {
      let names: string[]
      try {
        names = readdirSync(bundlesDir)
      } catch {
        return
      }
      for (const name of names) if (!keys.has(name)) rmSync(join(bundlesDir, name), {recursive: true, force: true})
    }
  }
}
