import {closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync} from 'node:fs'
import {join, relative} from 'node:path'
import {linkOrCopy} from './link-or-copy.js'
import type {SearchRecordStore} from '../search/write-search-index.js'


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
      // One record at a time, as `JSON.stringify({format, records})` would write them: a big newsroom's records made one
      // string and one buffer of the whole file, beside the records themselves, the cold build's peak memory.
      const fd = openSync(part, 'w')
      try {
        writeSync(fd, `{"format":${JSON.stringify(format)},"records":{`)
        let first = true
        for (const [key, html] of records) {
          writeSync(fd, `${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(html)}`)
          first = false
        }
        writeSync(fd, '}}')
      } finally {
        closeSync(fd)
      }
      renameSync(part, recordsFile)
    },
    copyBundle(key, folder) {
      const stored = join(bundlesDir, key)
      let paths: string[]
      try {
        paths = filesIn(stored)
      } catch {
        return false
      }
      if (!paths.includes(complete)) return false
      // Hard links: a bundle's bytes are never read into memory nor stored twice (see linkOrCopy for why it is safe).
      const folders = new Set<string>()
      return paths.every((path) => path === complete || linkOrCopy(join(stored, path), join(folder, path), {folders}) !== undefined)
    },
    storeBundle(key, folder) {
      const stored = join(bundlesDir, key)
      rmSync(stored, {recursive: true, force: true})
      const folders = new Set<string>()
      for (const path of filesIn(folder)) linkOrCopy(join(folder, path), join(stored, path), {folders})
      writeFileSync(join(stored, complete), '')
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

/** Every file under `folder`, relative to it. */
function filesIn(folder: string): string[] {
  return readdirSync(folder, {recursive: true, withFileTypes: true}).filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)))
}
