import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {backgroundLinksFrom, linkInBackground} from '../../src/cache/link-in-background.js'
import {linkOrCopyCounts} from '../../src/cache/link-or-copy.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-link-in-background-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

/** `count` stored files, and pairs that put each at `out/releases/<n>/index.html`, a folder of its own as a site's pages. */
async function storedPages(count: number) {
  await mkdir(join(dir, 'store'))
  const pairs: Array<[string, string]> = []
  for (let n = 0; n < count; n++) {
    const from = join(dir, 'store', `page-${n}`)
    await writeFile(from, `page ${n}`)
    pairs.push([from, join(dir, 'out', 'releases', String(n), 'index.html')])
  }
  return pairs
}

describe('linkInBackground', () => {
  it('should hard-link every file into its new folder on another thread, counting the links and folders it made', async () => {
    const pairs = await storedPages(backgroundLinksFrom * 3)
    const before = {...linkOrCopyCounts}
    expect(await linkInBackground(pairs)).toEqual([])
    for (const [from, to] of pairs) expect((await stat(to)).ino).toBe((await stat(from)).ino)
    expect(linkOrCopyCounts.links - before.links).toBe(pairs.length)
    // One folder per page, each made once.
    expect(linkOrCopyCounts.folders - before.folders).toBe(pairs.length)
  })

  it('should place a file already in the way by linkOrCopy, and give back the places whose stored file is missing', async () => {
    const pairs = await storedPages(backgroundLinksFrom * 2)
    const [inTheWay, gone] = [pairs[7]!, pairs[11]!]
    await mkdir(join(inTheWay[1], '..'), {recursive: true})
    await writeFile(inTheWay[1], 'a stale page of another build')
    await rm(gone[0])
    expect(await linkInBackground(pairs)).toEqual([gone[1]])
    expect(await readFile(inTheWay[1], 'utf8')).toBe('page 7')
    expect((await stat(inTheWay[1])).ino).toBe((await stat(inTheWay[0])).ino)
    expect((await stat(pairs[12]![1])).ino).toBe((await stat(pairs[12]![0])).ino)
  })

  it('should link a few files on this thread, with the same result', async () => {
    const pairs = await storedPages(3)
    await rm(pairs[1]![0])
    expect(await linkInBackground(pairs)).toEqual([pairs[1]![1]])
    expect((await stat(pairs[2]![1])).ino).toBe((await stat(pairs[2]![0])).ino)
  })
})
