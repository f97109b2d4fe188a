import {cp, mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {readTree} from '../support/read-tree.js'
import {runCli} from '../support/run-cli.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-bundled-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

describe('the bundled CLI', () => {
  it('should build the sample newsroom from a folder outside the repository, loading its external packages (pagefind included) from its own node_modules', async () => {
    // Outside the repository, so no package is found by walking up from the working directory.
    expect(relative(repo, dir).startsWith('..')).toBe(true)
    for (const name of ['releases', 'organizations', 'public', 'pressroom.config.json']) await cp(join(repo, name), join(dir, name), {recursive: true})
    const result = runCli(['build', '--now', '2030-01-01T00:00:00Z'], {cwd: dir})
    expect(result.stderr).not.toMatch(/Error|Cannot find/)
    expect(result.status).toBe(0)
    // One Pagefind bundle per language and quarter of the sample, each naming the pages it indexed: pagefind ran.
    const entries = [...readTree(join(dir, 'out', 'pagefind')).keys()].filter((path) => path.endsWith('pagefind-entry.json')).sort()
    expect(entries).toEqual(['de/2026-q4/pagefind-entry.json', 'en/2026-q3/pagefind-entry.json', 'en/2026-q4/pagefind-entry.json', 'en/2027-q1/pagefind-entry.json', 'zh/2026-q4/pagefind-entry.json'])
    const pages = await Promise.all(entries.map(async (entry) => {
      const {languages} = JSON.parse(await readFile(join(dir, 'out', 'pagefind', entry), 'utf8')) as {languages: Record<string, {page_count: number}>}
      return Object.values(languages).reduce((sum, language) => sum + language.page_count, 0)
    }))
    expect(pages.every((count) => count > 0)).toBe(true)
    // Cards and pictures come from the native modules the bundle leaves out (resvg, sharp).
    expect([...readTree(join(dir, 'out', 'cards')).keys()].some((path) => path.endsWith('.png'))).toBe(true)
  })
})
