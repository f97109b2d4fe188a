import {cp, mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createRandom, frontMatter, generateBody} from './generate-corpus.js'

/**
 * Set up `deployDir` as a CI deploy finds it: a fresh checkout of the corpus in `corpusDir` (every file with a new
 * modification time, no `out/`), the `.pressroom-cache/` of the corpus's last build restored as a CI cache step restores
 * it (times kept), and one new release, different each `run`, the newest of the newsroom.
 */
export async function prepareDeploy(corpusDir: string, deployDir: string, run: number): Promise<void> {
  await rm(deployDir, {recursive: true, force: true})
  await mkdir(deployDir, {recursive: true})
  // fs.cp keeps no times unless told: the copies are as new as a checkout's.
  await cp(join(corpusDir, 'releases'), join(deployDir, 'releases'), {recursive: true})
  await cp(join(corpusDir, 'pressroom.config.json'), join(deployDir, 'pressroom.config.json'))
  await cp(join(corpusDir, '.pressroom-cache'), join(deployDir, '.pressroom-cache'), {recursive: true, preserveTimestamps: true})
  const id = 1_000_000 + run
  const slug = `deploy-run-${run}`
  await mkdir(join(deployDir, 'releases', '2026'), {recursive: true})
  const random = createRandom(id)
  await writeFile(join(deployDir, 'releases', '2026', `2026-11-01-${slug}.md`), frontMatter(random, id, '2026-11-01', slug).replace(/^draft: true\n/m, '') + '\n' + generateBody(random, id))
}
