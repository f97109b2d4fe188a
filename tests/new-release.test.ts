import {cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {slugFromTitle} from '../src/new-release.js'
import {runCli} from './support/run-cli.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-new-'))
  cpSync(join(import.meta.dirname, 'fixtures/newsroom/pressroom.config.json'), join(dir, 'pressroom.config.json'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

describe('pressroom new', () => {
  it('should write a draft with the required keys that passes check and stays unpublished', () => {
    const made = runCli(['new', 'Acme Opens a Plant in Zürich!', '--date', '2025-09-15'], {cwd: dir})
    expect(made.stderr).toBe('')
    expect(made.stdout).toBe('pressroom: wrote releases/2025-09-15-acme-opens-a-plant-in-zurich.md (a draft for Sept. 15, 2025); set its dateline and remove `draft: true` to publish\n')
    const text = readFileSync(join(dir, 'releases/2025-09-15-acme-opens-a-plant-in-zurich.md'), 'utf8')
    expect(text).toMatch(/^---\ntitle: Acme Opens a Plant in Zürich!\ndateline: CITY, Region\nsource: Acme Newsroom\ntags: \[\]\ndraft: true\n---\n/)
    expect(runCli(['check'], {cwd: dir}).status).toBe(0)
    const built = runCli(['build', '--now', '2025-09-20T00:00:00Z'], {cwd: dir})
    expect(built.stdout).toContain('held back: releases/2025-09-15-acme-opens-a-plant-in-zurich.md (draft)')
  })

  it('should refuse to overwrite an existing release and an impossible date', () => {
    expect(runCli(['new', 'Same', '--date', '2025-09-15'], {cwd: dir}).status).toBe(0)
    const again = runCli(['new', 'Same', '--date', '2025-09-15'], {cwd: dir})
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/^pressroom: `releases\/2025-09-15-same\.md` already exists \[RELEASE_EXISTS\]\n/)
    expect(runCli(['new', 'X', '--date', '2025-02-30'], {cwd: dir}).stderr).toContain('[ARGUMENT_INVALID]')
  })

  it('should make slugs from any title', () => {
    expect(slugFromTitle('北风能源常州电池检测中心')).toBe('release')
    expect(slugFromTitle('  Q3 -- Results: 18% up ')).toBe('q3-results-18-up')
  })
})
