import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runCli} from '../support/run-cli.js'

const fixture = join(import.meta.dirname, '../fixtures/newsroom')
// Before the fixture's embargo lifts: its secret release stays out, as in the other build tests.
const now = '2025-10-02T12:00:00Z'
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-public-way-'))
  cpSync(fixture, dir, {recursive: true})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

/** Every file of the build `out` links to, by path, with its bytes. */
function outFiles(): Map<string, string> {
  const root = realpathSync(join(dir, 'out'))
  const files = new Map<string, string>()
  for (const entry of readdirSync(root, {recursive: true, withFileTypes: true})) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name).slice(root.length + 1), readFileSync(join(entry.parentPath, entry.name), 'base64'))
  }
  return files
}

describe('a public file in the way of an output', () => {
  const cases: Array<{name: string; arrange: () => void; says: string}> = [
    {
      name: 'a file named like the folder of the tag pages',
      arrange: () => writeFileSync(join(dir, 'public/tags'), 'in the way'),
      says: 'is a file where the build writes into the folder `tags/` (/tags/'
    },
    {
      // Pagefind's binary panicked on it, and the build ended on `SEARCH_INDEX_FAILED` with no word of the file.
      name: 'a file named like the folder of the English search shards',
      arrange: () => {
        mkdirSync(join(dir, 'public/pagefind'))
        writeFileSync(join(dir, 'public/pagefind/en'), 'in the way')
      },
      says: 'is a file where the build writes into the folder `pagefind/en/` (/pagefind/en/'
    },
    {
      name: 'a folder named like the RSS feed',
      arrange: () => {
        mkdirSync(join(dir, 'public/rss.xml'))
        writeFileSync(join(dir, 'public/rss.xml/old.xml'), '<rss/>')
      },
      says: 'is a folder where the build writes the file `rss.xml` (/rss.xml)'
    }
  ]

  for (const {name, arrange, says} of cases) {
    it(`should refuse ${name} in one line that names it, and leave the last build in out/`, () => {
      const first = runCli(['build', '--now', now], {cwd: dir})
      expect(first.status, first.stderr).toBe(0)
      const before = outFiles()
      arrange()
      const built = runCli(['build', '--now', now], {cwd: dir})
      expect(built.status, built.stderr).toBe(1)
      const line = built.stderr.split('\n').find((text) => text.includes('[PUBLIC_FILE_IN_THE_WAY]'))
      expect(line, built.stderr).toContain(says)
      expect(line).toContain(join(dir, 'public'))
      expect(built.stderr).toContain('Rename or move')
      expect(built.stderr).not.toMatch(/\n\s+at /)
      expect(outFiles()).toEqual(before)
    })
  }

  it('should refuse it in a first build too, which then makes no out folder', () => {
    writeFileSync(join(dir, 'public/tags'), 'in the way')
    const built = runCli(['build', '--now', now, '--no-cache'], {cwd: dir})
    expect(built.status, built.stderr).toBe(1)
    expect(built.stderr).toContain('[PUBLIC_FILE_IN_THE_WAY]')
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  it('should still build with public files beside the outputs, and one named like an output file, which the output replaces with a warning', () => {
    mkdirSync(join(dir, 'public/tags-archive'))
    writeFileSync(join(dir, 'public/tags-archive/list.txt'), 'beside')
    writeFileSync(join(dir, 'public/robots.txt'), 'User-agent: *\n')
    const built = runCli(['build', '--now', now], {cwd: dir})
    expect(built.status, built.stderr).toBe(0)
    expect(readFileSync(join(dir, 'out/tags-archive/list.txt'), 'utf8')).toBe('beside')
    expect(readFileSync(join(dir, 'out/robots.txt'), 'utf8')).toContain('Sitemap:')
    const warned = (stderr: string) => {
      expect(stderr).toContain('public/robots.txt')
      expect(stderr).toMatch(/warning\s+`robots\.txt` in the public folder is replaced by the build's own file of that name\s+public-file-replaced/)
      expect(stderr).toContain('rename or move it')
    }
    warned(built.stderr)
    expect(built.stderr).not.toContain('tags-archive')
    // A build with nothing to do says it again: the file is still replaced.
    const again = runCli(['build', '--now', now], {cwd: dir})
    expect(again.status, again.stderr).toBe(0)
    warned(again.stderr)
  })

  it('should write an unchanged output over a public file added after the last build, and warn of it', () => {
    const first = runCli(['build', '--now', now], {cwd: dir})
    expect(first.status, first.stderr).toBe(0)
    const feed = readFileSync(join(dir, 'out/rss.xml'), 'utf8')
    // The feed's inputs are unchanged, so the build would keep it; the public file's copy must not take its place.
    writeFileSync(join(dir, 'public/rss.xml'), '<rss/>')
    const built = runCli(['build', '--now', now], {cwd: dir})
    expect(built.status, built.stderr).toBe(0)
    expect(readFileSync(join(dir, 'out/rss.xml'), 'utf8')).toBe(feed)
    expect(built.stderr).toMatch(/`rss\.xml` in the public folder is replaced by the build's own file of that name\s+public-file-replaced/)
  })

  it('should say nothing of a public file no output replaces', () => {
    const built = runCli(['build', '--now', now], {cwd: dir})
    expect(built.status, built.stderr).toBe(0)
    expect(built.stderr).not.toContain('public-file-replaced')
  })
})
