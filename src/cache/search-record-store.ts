import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'

/** The search records a build extracted, by key: what the search index reads of each release, kept for the next build. */
export interface SearchRecordStore {
  /** Every stored record by its key; none when the file is missing, damaged or of another format. */
  load(): Map<string, string>
  /** Replace the stored records by `records`: those of releases gone or changed are dropped. */
  save(records: ReadonlyMap<string, string>): void
}

const format = 'pressroom-search-records 1'

/**
 * One JSON file of search records: read once per build that writes the index, rather than a file per release, since a
 * rebuild after one edit reads them all.
 */
export function openSearchRecordStore(file: string): SearchRecordStore {
  return {
    load() {
      try {
        const stored = JSON.parse(readFileSync(file, 'utf8')) as {format?: unknown; records?: unknown}
        if (stored.format !== format || typeof stored.records !== 'object' || stored.records === null) return new Map()
        return new Map(Object.entries(stored.records as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      } catch {
        return new Map()
      }
    },
    save(records) {
      mkdirSync(dirname(file), {recursive: true})
      // Written aside and renamed: a build killed midway leaves the last whole file.
      const part = `${file}.${process.pid}.part`
      writeFileSync(part, JSON.stringify({format, records: Object.fromEntries(records)}))
      renameSync(part, file)
    }
  }
}
