import {mkdir, mkdtemp, rename, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {watchSources, type SourceWatcher} from '../../src/dev/watch-sources.js'

let dir = ''
let watcher: SourceWatcher | undefined
afterEach(async () => {
  watcher?.close()
  await rm(dir, {recursive: true, force: true})
})

/** Wait (bounded) until `seen` holds a path ending in `suffix`, then forget what was seen. */
async function waitForChange(seen: string[], suffix: string) {
  for (let attempt = 0; attempt < 100 && !seen.some((path) => path.endsWith(suffix)); attempt++) await new Promise((done) => setTimeout(done, 50))
  expect(seen.some((path) => path.endsWith(suffix)), `a change to ${suffix} in ${JSON.stringify(seen)}`).toBe(true)
  seen.length = 0
}

describe('watching the sources of the preview', () => {
  it('should see every save, in place or by rename over the file, in folders that exist and in folders made later, and the config file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-watch-'))
    await mkdir(join(dir, 'releases/2025'), {recursive: true})
    await writeFile(join(dir, 'releases/2025/a.md'), 'one')
    await writeFile(join(dir, 'pressroom.config.json'), '{}')
    const seen: string[] = []
    watcher = watchSources({folders: [join(dir, 'releases'), join(dir, 'missing')], files: [join(dir, 'pressroom.config.json')]}, (path) => seen.push(path))

    // What editors and sed -i do: write a new file, rename it over the old one. Several times, since a watch tied
    // to the first file's inode would see only the first.
    for (let save = 0; save < 3; save++) {
      await writeFile(join(dir, 'releases/2025/a.md.tmp'), `save ${save}`)
      await rename(join(dir, 'releases/2025/a.md.tmp'), join(dir, 'releases/2025/a.md'))
      await waitForChange(seen, 'releases/2025/a.md')
    }
    await writeFile(join(dir, 'releases/2025/a.md'), 'in place')
    await waitForChange(seen, 'releases/2025/a.md')

    await mkdir(join(dir, 'releases/2026'))
    await waitForChange(seen, 'releases/2026')
    await writeFile(join(dir, 'releases/2026/b.md'), 'new')
    await waitForChange(seen, 'releases/2026/b.md')

    await writeFile(join(dir, 'other.json'), '{}')
    await writeFile(join(dir, 'pressroom.config.json'), '{"title": "x"}')
    await waitForChange(seen, 'pressroom.config.json')
    expect(seen.filter((path) => path.endsWith('other.json'))).toEqual([])
  })
})
