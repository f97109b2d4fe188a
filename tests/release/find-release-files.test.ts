import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, sep} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {findReleaseFiles, listFiles} from '../../src/release/find-release-files.js'

const root = mkdtempSync(join(tmpdir(), 'pressroom-find-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

function tree(files: string[]): string {
  const dir = mkdtempSync(join(root, 'tree-'))
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), {recursive: true})
    writeFileSync(join(dir, file), 'x')
  }
  return dir
}

describe('finding release files', () => {
  it('should list the Markdown files at any depth, sorted, skipping READMEs and names starting with _ or .', () => {
    const dir = tree(['2025/2025-09-15-b.md', '2025/2025-01-02-a.md', '2024-12-31-top.md', 'README.md', '2025/README.md', 'notes.txt', '_drafts/2025-03-01-d.md', '2025/_old.md', '.git/2025-01-01-x.md', '2025/.hidden.md', 'deep/er/2026-01-01-c.md'])
    expect(findReleaseFiles(dir)).toEqual(['2024-12-31-top.md', '2025/2025-01-02-a.md', '2025/2025-09-15-b.md', 'deep/er/2026-01-01-c.md'].map((file) => join(dir, file)))
  })

  it('should give the same paths for a folder named with a trailing separator', () => {
    const dir = tree(['2025/2025-01-02-a.md'])
    expect(findReleaseFiles(dir + sep)).toEqual([join(dir, '2025', '2025-01-02-a.md')])
  })

  it('should not follow a symbolic link to a folder, and fail for a folder that is not there', () => {
    const outside = tree(['2025-01-01-outside.md'])
    const dir = tree(['2025-01-02-a.md'])
    symlinkSync(outside, join(dir, 'linked'), 'dir')
    expect(findReleaseFiles(dir)).toEqual([join(dir, '2025-01-02-a.md')])
    expect(() => findReleaseFiles(join(dir, 'missing'))).toThrow(/ENOENT/)
  })

  it('should list every file, hidden ones too, when no filter is given', () => {
    const dir = tree(['b.css', 'img/a.png', '.well-known/security.txt'])
    expect(listFiles(dir)).toEqual(['.well-known/security.txt', 'b.css', 'img/a.png'].map((file) => join(dir, file)))
  })
})
