import {spawnSync} from 'node:child_process'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {makeBenchNewsroom} from '../cache/bench-newsroom.js'
import {cliPath} from '../support/run-cli.js'

let newsroom: Awaited<ReturnType<typeof makeBenchNewsroom>>

beforeEach(async () => {
  newsroom = await makeBenchNewsroom(3)
})
afterEach(() => newsroom.remove())

describe('the PostgreSQL driver', () => {
  it('should not be loaded by a build whose ledger is a SQLite file', async () => {
    // Says, as the process exits, which CommonJS modules it loaded (pg is one: its import fills the require cache).
    const probe = join(newsroom.dir, 'probe.mjs')
    await writeFile(probe, "import {createRequire} from 'node:module'\nconst {cache} = createRequire(import.meta.url)\nprocess.on('exit', () => process.stderr.write(`loaded ${JSON.stringify(Object.keys(cache))}\\n`))\n")
    const result = spawnSync(process.execPath, ['--import', probe, cliPath, 'build', '--now', '2027-01-01T00:00:00Z'], {cwd: newsroom.dir, encoding: 'utf8', timeout: 120_000, env: {PATH: process.env.PATH ?? '', CI: '1'}})
    expect(result.status, result.stderr).toBe(0)
    const loaded = JSON.parse(/^loaded (.*)$/m.exec(result.stderr)?.[1] ?? 'null') as string[]
    // The probe sees the modules the build loaded: the SQLite driver for the ledger, and not PostgreSQL's.
    expect(loaded.some((path) => path.includes('/node_modules/better-sqlite3/'))).toBe(true)
    expect(loaded.filter((path) => path.includes('/node_modules/pg/'))).toEqual([])
  }, 180_000)
})
