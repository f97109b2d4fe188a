import {mkdtemp, readFile, rm} from 'node:fs/promises'
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
  it('should write the records one at a time into the same JSON file a whole-object stringify wrote, and read them back', async () => {
    const records = new Map([
      ['a1', '<html lang="en"><body><h1>Quotes " and \\ backslashes</h1></body></html>'],
      ['b2', '<html lang="zh"><body><h1>北风能源 \u2028 投产</h1></body></html>'],
      ['c3', '']
    ])
    const store = openSearchRecordStore(dir)
    store.save(records)
    const text = await readFile(join(dir, 'records.json'), 'utf8')
    expect(text).toBe(JSON.stringify({format: 'pressroom-search-records 1', records: Object.fromEntries(records)}))
    expect(store.load()).toEqual(records)
    store.save(new Map())
    expect(store.load()).toEqual(new Map())
  })
})
