import {cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runCli} from '../support/run-cli.js'

const fixture = join(import.meta.dirname, '../fixtures/newsroom')
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-out-dir-'))
  cpSync(fixture, dir, {recursive: true})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

/** Every entry under the project (folders and links too) with the bytes of each file: what a refusal must not touch. */
function snapshot(root: string): Map<string, string> {
  const entries = new Map<string, string>()
  for (const entry of readdirSync(root, {recursive: true, withFileTypes: true})) {
    const path = join(entry.parentPath, entry.name)
    const info = lstatSync(path)
    const what = info.isFile() ? readFileSync(path).toString('base64') : info.isSymbolicLink() ? 'link' : 'folder'
    entries.set(path.slice(root.length + 1), `${what} ${info.mtimeMs}`)
  }
  return entries
}

const release = 'releases/2025-09-15-changzhou-plant.md'

describe('the out folder a build refuses', () => {
  const cases: Array<{name: string; out: string; why: RegExp; arrange?: () => void; config?: string}> = [
    {name: 'a release file', out: release, why: /it is a file, not a folder/},
    {name: 'the config file', out: 'pressroom.config.json', why: /it is a file, not a folder/},
    {name: 'the releases folder', out: 'releases', why: /it holds the releases folder/},
    {name: 'a new folder inside the releases folder', out: 'releases/site', why: /it lies inside the releases folder/},
    {name: 'a new folder inside the public folder', out: 'public/media/site', why: /it lies inside the public folder/},
    {name: 'the working folder', out: '.', why: /it holds the working folder/},
    {name: 'the folder above the working folder', out: '..', why: /it holds the working folder/},
    {
      name: "the config file's folder, even when it was once built into",
      out: 'site',
      config: 'site/pressroom.config.json',
      arrange: () => {
        mkdirSync(join(dir, 'site'))
        writeFileSync(join(dir, 'site/.pressroom-out'), 'Written by pressroom\n')
        renameSync(join(dir, 'pressroom.config.json'), join(dir, 'site/pressroom.config.json'))
      },
      why: /it holds the config file's folder/
    },
    {
      name: 'a folder of files pressroom did not write',
      out: 'docs',
      arrange: () => {
        mkdirSync(join(dir, 'docs'))
        writeFileSync(join(dir, 'docs/notes.txt'), 'keep me')
      },
      why: /it is not empty and was not written by pressroom/
    },
    {
      name: 'a link pressroom did not make',
      out: 'site',
      arrange: () => {
        mkdirSync(join(dir, 'elsewhere'))
        writeFileSync(join(dir, 'elsewhere/notes.txt'), 'keep me')
        symlinkSync('elsewhere', join(dir, 'site'))
      },
      why: /it is a symbolic link pressroom did not make/
    }
  ]

  it.each(cases)('should refuse $name with one line and a hint, and touch nothing', ({out, why, arrange, config}) => {
    arrange?.()
    const before = snapshot(dir)
    const result = runCli(['build', '--now', '2025-09-20T12:00:00Z', '--out', out, ...(config === undefined ? [] : ['--config', config])], {cwd: dir})
    expect(result.stderr).toMatch(new RegExp(`^pressroom: Refusing to build into \`${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`: .+ \\[OUT_DIR_INVALID\\]\\n  hint: .+\\n$`))
    expect(result.stderr).toMatch(why)
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(snapshot(dir)).toEqual(before)
  })

  it('should build into a new folder, then replace what it wrote there', () => {
    const first = runCli(['build', '--now', '2025-09-20T12:00:00Z', '--out', 'site'], {cwd: dir})
    expect(first.status).toBe(0)
    const second = runCli(['build', '--now', '2025-09-20T12:00:00Z', '--out', 'site', '--no-cache'], {cwd: dir})
    expect(second.stderr).not.toContain('OUT_DIR_INVALID')
    expect(second.status).toBe(0)
    expect(readFileSync(join(dir, 'site/index.html'), 'utf8')).toContain('Acme Newsroom')
  })
})
