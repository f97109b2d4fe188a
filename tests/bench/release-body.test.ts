import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {generateCorpus} from '../../bench/generate-corpus.js'
import {releaseBody} from '../../bench/release-body.js'
import {readFrontMatter} from '../../src/release/read-front-matter.js'

describe('releaseBody', () => {
  it('should give the parse floor the body the build parses, less the empty lines standing in for the front matter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-release-body-'))
    try {
      await generateCorpus({dir, count: 12, seed: 7})
      const names = (await readdir(join(dir, 'releases'), {recursive: true, encoding: 'utf8'})).filter((name) => name.endsWith('.md'))
      expect(names).toHaveLength(12)
      for (const name of names) {
        const source = await readFile(join(dir, 'releases', name), 'utf8')
        const matter = readFrontMatter(new VFile({path: name, value: source}), source)
        const body = releaseBody(source)
        expect(body.length).toBeGreaterThan(1000)
        expect(matter?.body).toBe('\n'.repeat((matter?.body.length ?? 0) - body.length) + body)
      }
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('should cut at the first closing line only, and keep a file without front matter whole', () => {
    expect(releaseBody('---\ntitle: A\n---\nText\n\n---\n\nMore\n')).toBe('\nText\n\n---\n\nMore\n')
    expect(releaseBody('# Just text\n')).toBe('# Just text\n')
  })
})
