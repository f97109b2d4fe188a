import {existsSync} from 'node:fs'
import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openSearchRecordStore} from '../../src/cache/search-record-store.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-search-records-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

describe('openSearchRecordStore', () => {
  it('should write a shard\'s records one at a time into the same JSON file a whole-object stringify wrote, and read back that shard\'s alone', async () => {
    const records = new Map([
      ['a1', '<html lang="en"><body><h1>Quotes " and \\ backslashes</h1></body></html>'],
      ['b2', '<html lang="zh"><body><h1>北风能源 \u2028 投产</h1></body></html>'],
      ['c3', '']
    ])
    const store = openSearchRecordStore(dir)
    const english = store.replace('/pagefind/en/2026/')
    for (const [key, html] of records) english.add(key, html)
    english.commit()
    const german = store.replace('/pagefind/de/2026/')
    german.add('d4', '<html lang="de"></html>')
    german.commit()
    const text = await readFile(join(dir, 'records', 'pagefind.en.2026.json'), 'utf8')
    expect(text).toBe(JSON.stringify({format: 'pressroom-search-records 2', shard: '/pagefind/en/2026/', records: Object.fromEntries(records)}))
    expect(store.load('/pagefind/en/2026/')).toEqual(records)
    expect(store.load('/pagefind/de/2026/')).toEqual(new Map([['d4', '<html lang="de"></html>']]))
    expect(store.load('/pagefind/en/2025/')).toEqual(new Map())
    const empty = store.replace('/pagefind/en/2026/')
    empty.commit()
    expect(store.load('/pagefind/en/2026/')).toEqual(new Map())
  })

  it('should keep a shard\'s stored records when its new ones are aborted, read none from a damaged file, and drop the files of shards gone and the older single file', async () => {
    const store = openSearchRecordStore(dir)
    const first = store.replace('/pagefind/en/2026/')
    first.add('a1', 'one')
    first.commit()
    const failed = store.replace('/pagefind/en/2026/')
    failed.add('a1', 'two')
    failed.abort()
    expect(store.load('/pagefind/en/2026/')).toEqual(new Map([['a1', 'one']]))
    expect((await readdir(join(dir, 'records'))).sort()).toEqual(['pagefind.en.2026.json'])
    await writeFile(join(dir, 'records', 'pagefind.de.2026.json'), '{"format":"pressroom-search-records 2","shard":"/pagefind/de/2026/","records":{"d4":')
    expect(store.load('/pagefind/de/2026/')).toEqual(new Map())
    await writeFile(join(dir, 'records.json'), JSON.stringify({format: 'pressroom-search-records 1', records: {a1: 'old'}}))
    store.keepShards(new Set(['/pagefind/en/2026/']))
    expect(await readdir(join(dir, 'records'))).toEqual(['pagefind.en.2026.json'])
    expect(existsSync(join(dir, 'records.json'))).toBe(false)
    expect(store.load('/pagefind/en/2026/')).toEqual(new Map([['a1', 'one']]))
  })
})
