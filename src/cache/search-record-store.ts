import {closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync} from 'node:fs'
import {join, relative} from 'node:path'
import {linkOrCopy} from './link-or-copy.js'
import type {SearchRecordStore} from '../search/write-search-index.js'


const format = 'pressroom-search-records 2'
// Written last into a bundle's folder: a folder without it is a bundle a killed build left half-written.
const complete = '.complete'

/**
 * The search cache in `dir`: the records of each shard in a JSON file of its own, so a build reads the records of the
 * shards it indexes and no other (an edit indexes one shard of many); each bundle in a folder of its own.
 */
export function openSearchRecordStore(dir: string): SearchRecordStore {
  const recordsDir = join(dir, 'records')
  const bundlesDir = join(dir, 'bundles')
  return {
    load(shard) {
      try {
        const stored = JSON.parse(readFileSync(join(recordsDir, recordsFileOf(shard)), 'utf8')) as {format?: unknown; shard?: unknown; records?: unknown}
        if (stored.format !== format || stored.shard !== shard || typeof stored.records !== 'object' || stored.records === null) return new Map()
        return new Map(Object.entries(stored.records as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      } catch {
        return new Map()
      }
    },
    replace(shard) {
      mkdirSync(recordsDir, {recursive: true})
      const file = join(recordsDir, recordsFileOf(shard))
      // Written aside and renamed: a build killed midway, or one whose index failed, leaves the last whole file.
      const part = `${file}.${process.pid}.part`
      // One record at a time, as `JSON.stringify({format, shard, records})` would write them, as Pagefind takes them: a
      // shard's records never all exist at once, nor as one string.
      let fd: number | undefined = openSync(part, 'w')
      writeSync(fd, `{"format":${JSON.stringify(format)},"shard":${JSON.stringify(shard)},"records":{`)
      let first = true
      const close = () => {
        if (fd !== undefined) closeSync(fd)
        fd = undefined
      }
      return {
        add(key, html) {
          if (fd === undefined) return
          writeSync(fd, `${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(html)}`)
          first = false
        },
        commit() {
          if (fd === undefined) return
          writeSync(fd, '}}')
          close()
          renameSync(part, file)
        },
        abort() {
          close()
          rmSync(part, {force: true})
        }
      }
    },
    keepShards(shards) {
      // The one file of every shard's records an older pressroom wrote, read whole by each build: never read again.
      rmSync(join(dir, 'records.json'), {force: true})
      const names = new Set([...shards].map(recordsFileOf))
      let stored: string[]
      try {
        stored = readdirSync(recordsDir)
      } catch {
        return
      }
      for (const name of stored) if (!names.has(name)) rmSync(join(recordsDir, name), {force: true})
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

/** The name of the file of the records of the shard at site path `shard` (`/pagefind/en/2026/` -> `pagefind.en.2026.json`). */
function recordsFileOf(shard: string): string {
  return `${shard.split('/').filter(Boolean).join('.')}.json`
}

/** Every file under `folder`, relative to it. */
function filesIn(folder: string): string[] {
  return readdirSync(folder, {recursive: true, withFileTypes: true}).filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)))
}
