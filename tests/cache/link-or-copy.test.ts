import {mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {linkOrCopy, linkOrCopyCounts} from '../../src/cache/link-or-copy.js'

let dir = ''
let shm = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-link-or-copy-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
  if (shm !== '') await rm(shm, {recursive: true, force: true})
  shm = ''
})

describe('linkOrCopy', () => {
  it('should hard-link a file, making its folder when missing', async () => {
    await writeFile(join(dir, 'source.html'), 'page')
    const to = join(dir, 'deep', 'er', 'page.html')
    const folders = linkOrCopyCounts.folders
    expect(linkOrCopy(join(dir, 'source.html'), to)).toBe('linked')
    expect(linkOrCopyCounts.folders).toBe(folders + 1)
    expect((await stat(to)).ino).toBe((await stat(join(dir, 'source.html'))).ino)
  })

  it('should replace a file already there with other bytes, through a .part name that is gone afterwards', async () => {
    await writeFile(join(dir, 'source.html'), 'new page')
    await writeFile(join(dir, 'page.html'), 'a stale page of another build')
    const replaced = linkOrCopyCounts.replaced
    expect(linkOrCopy(join(dir, 'source.html'), join(dir, 'page.html'))).toBe('linked')
    expect(await readFile(join(dir, 'page.html'), 'utf8')).toBe('new page')
    expect((await stat(join(dir, 'page.html'))).ino).toBe((await stat(join(dir, 'source.html'))).ino)
    expect(linkOrCopyCounts.replaced).toBe(replaced + 1)
    expect((await readdir(dir)).sort()).toEqual(['page.html', 'source.html'])
  })

  it('should leave a link that is already the same file as it is', async () => {
    await writeFile(join(dir, 'source.html'), 'page')
    linkOrCopy(join(dir, 'source.html'), join(dir, 'page.html'))
    const replaced = linkOrCopyCounts.replaced
    expect(linkOrCopy(join(dir, 'source.html'), join(dir, 'page.html'))).toBe('linked')
    expect(linkOrCopyCounts.replaced).toBe(replaced)
  })

  it('should say a missing source is missing and write nothing', async () => {
    expect(linkOrCopy(join(dir, 'gone.html'), join(dir, 'page.html'))).toBeUndefined()
    expect(linkOrCopy(join(dir, 'gone.html'), join(dir, 'sub', 'page.html'), {copy: true})).toBeUndefined()
    expect(await readdir(dir)).toEqual([])
  })

  it('should copy when told to, also over a file with other bytes, leaving two files', async () => {
    await writeFile(join(dir, 'source.html'), 'page')
    await writeFile(join(dir, 'page.html'), 'stale')
    expect(linkOrCopy(join(dir, 'source.html'), join(dir, 'page.html'), {copy: true})).toBe('copied')
    expect(await readFile(join(dir, 'page.html'), 'utf8')).toBe('page')
    expect((await stat(join(dir, 'page.html'))).ino).not.toBe((await stat(join(dir, 'source.html'))).ino)
    expect((await readdir(dir)).sort()).toEqual(['page.html', 'source.html'])
  })

  it('should copy a file from another filesystem (tmpfs /dev/shm), where a hard link fails with EXDEV', async () => {
    shm = await mkdtemp('/dev/shm/pressroom-link-or-copy-')
    // The test means something only across two devices: it says so rather than passing on one.
    expect((await stat(shm)).dev).not.toBe((await stat(dir)).dev)
    await writeFile(join(shm, 'source.html'), 'page from tmpfs')
    await writeFile(join(dir, 'stale.html'), 'stale')
    expect(linkOrCopy(join(shm, 'source.html'), join(dir, 'out', 'page.html'))).toBe('copied')
    expect(linkOrCopy(join(shm, 'source.html'), join(dir, 'stale.html'))).toBe('copied')
    for (const name of ['out/page.html', 'stale.html']) expect(await readFile(join(dir, name), 'utf8')).toBe('page from tmpfs')
    expect((await readdir(dir)).sort()).toEqual(['out', 'stale.html'])
  })
})
