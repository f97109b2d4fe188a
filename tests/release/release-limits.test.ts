import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {minPooledFiles} from '../../src/build/render-releases.js'
import {runCli} from '../support/run-cli.js'

const levels = 2000
const frontMatter = (title: string, extra = '') => `---\ntitle: ${title}\ndateline: BERLIN, Germany\nsource: Acme\n${extra}---\n\n`

// Each is far past what any release needs, and each overflowed the call stack of some stage, or failed to write, before.
const badFiles: Record<string, string> = {
  '2025-09-01-deep-quote.md': frontMatter('Deep quote') + 'Lede.\n\n' + '>'.repeat(levels) + ' deep\n',
  // Fewer levels: micromark takes time quadratic in the depth of emphasis to resolve it.
  '2025-09-02-deep-emphasis.md': frontMatter('Deep emphasis') + 'Lede.\n\n' + '*a '.repeat(500) + 'x' + ' b*'.repeat(500) + '\n',
  '2025-09-03-long-tag.md': frontMatter('Long tag', `tags:\n  - energy\n  - ${'Kraftwerk'.repeat(30)}\n`) + 'Lede.\n'
}
// Where each file's one fatal message is, as `line:column rule`.
const expected = {
  'releases/2025-09-01-deep-quote.md': ['9:2002-9:2006 nesting-too-deep'],
  'releases/2025-09-02-deep-emphasis.md': ['9:1499-9:1504 nesting-too-deep'],
  'releases/2025-09-03-long-tag.md': ['7:5 tag-too-long']
}

/** The fatal messages of each file the CLI named, as `line:column rule`, from vfile-reporter's output. */
function fatalsByFile(stderr: string): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  let current: string | undefined
  for (const line of stderr.split('\n')) {
    if (/^releases\//.test(line)) current = line.trim()
    const error = /^(\S+)\s+error\s.*\s(\S+)\s+pressroom\s*$/.exec(line)
    if (error && current !== undefined) (found[current] ??= []).push(`${error[1]} ${error[2]}`)
  }
  return found
}

describe('limits on release content', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pressroom-limits-'))
    mkdirSync(join(dir, 'releases'))
    writeFileSync(join(dir, 'pressroom.config.json'), JSON.stringify({title: 'Acme Newsroom', baseUrl: 'https://news.acme.example', email: {from: 'Acme <news@acme.example>'}}))
    for (const [name, text] of Object.entries(badFiles)) writeFileSync(join(dir, 'releases', name), text)
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('should report each limit at its line with a rule id in check and in a build on one thread', () => {
    const checked = runCli(['check'], {cwd: dir})
    expect(checked.stderr).not.toContain('Maximum call stack')
    expect(fatalsByFile(checked.stderr)).toEqual(expected)
    expect(checked.stderr).toContain('expected at most 100')
    expect(checked.stderr).toContain('expected at most 200')
    expect(checked.status).toBe(1)

    const built = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(fatalsByFile(built.stderr)).toEqual(expected)
    expect(built.status).toBe(1)
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  it('should fail a cold build on worker threads and its cached rebuild alike, publishing nothing', () => {
    // Enough good files that the cold build renders on the worker pool.
    for (let index = 0; index < minPooledFiles + 4; index++) {
      const day = String(1 + (index % 28)).padStart(2, '0')
      writeFileSync(join(dir, 'releases', `2025-08-${day}-good-${index}.md`), frontMatter(`Good ${index}`, 'tags: [energy]\n') + `Lede ${index}.\n`)
    }
    const cold = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(cold.stderr).not.toContain('Maximum call stack')
    expect(fatalsByFile(cold.stderr)).toEqual(expected)
    expect(cold.status).toBe(1)
    expect(existsSync(join(dir, 'out'))).toBe(false)

    const cached = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(fatalsByFile(cached.stderr)).toEqual(expected)
    expect(cached.status).toBe(1)
    expect(existsSync(join(dir, 'out'))).toBe(false)

    const checked = runCli(['check'], {cwd: dir})
    expect(fatalsByFile(checked.stderr)).toEqual(expected)
    expect(checked.status).toBe(1)
  })

  it('should turn a stage that overflows the stack into a fatal message on that file alone', () => {
    // Raw HTML is nested by parse5, past the Markdown check: whichever stage gives out first, the file is named.
    writeFileSync(join(dir, 'releases/2025-09-04-deep-html.md'), frontMatter('Deep HTML') + 'Lede.\n\n' + '<div>'.repeat(levels) + 'x' + '</div>'.repeat(levels) + '\n')
    const checked = runCli(['check'], {cwd: dir})
    const fatals = fatalsByFile(checked.stderr)
    expect(fatals['releases/2025-09-04-deep-html.md']).toHaveLength(1)
    expect(fatals['releases/2025-09-04-deep-html.md']?.[0]).toMatch(/^\d+:\d+(-\d+:\d+)? (render-failed|nesting-too-deep)$/)
    expect(checked.stderr).not.toContain('unexpected error')
    expect(checked.status).toBe(1)
  })
})
