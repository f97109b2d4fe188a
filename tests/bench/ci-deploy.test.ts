import {mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {prepareDeploy} from '../../bench/ci-deploy.js'
import {generateCorpus} from '../../bench/generate-corpus.js'

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

const longAgo = new Date('2020-01-01T00:00:00Z')

describe('prepareDeploy', () => {
  it('should make a fresh checkout with new times, the cache restored with its times, no out folder and one new release', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-ci-deploy-'))
    const corpus = join(dir, 'corpus')
    const deploy = join(dir, 'deploy')
    await generateCorpus({dir: corpus, count: 6, seed: 3})
    const names = (await readdir(join(corpus, 'releases'), {recursive: true, encoding: 'utf8'})).filter((name) => name.endsWith('.md'))
    for (const name of names) await utimes(join(corpus, 'releases', name), longAgo, longAgo)
    await mkdir(join(corpus, '.pressroom-cache'), {recursive: true})
    await writeFile(join(corpus, '.pressroom-cache', 'index.json'), '{}')
    await utimes(join(corpus, '.pressroom-cache', 'index.json'), longAgo, longAgo)
    await mkdir(join(corpus, 'out'))

    await prepareDeploy(corpus, deploy, 2)

    const deployed = (await readdir(join(deploy, 'releases'), {recursive: true, encoding: 'utf8'})).filter((name) => name.endsWith('.md'))
    expect(deployed.sort()).toEqual([...names, join('2026', '2026-11-01-deploy-run-2.md')].sort())
    for (const name of names) expect((await stat(join(deploy, 'releases', name))).mtimeMs).toBeGreaterThan(longAgo.getTime())
    expect((await stat(join(deploy, '.pressroom-cache', 'index.json'))).mtimeMs).toBe(longAgo.getTime())
    await expect(stat(join(deploy, 'out'))).rejects.toThrow(/ENOENT/)
    const release = await readFile(join(deploy, 'releases', '2026', '2026-11-01-deploy-run-2.md'), 'utf8')
    expect(release).toMatch(/^---\ntitle: ".+\(deploy-run-2\)"\n/)
    expect(release).not.toMatch(/^draft:/m)
    expect(await readFile(join(deploy, 'pressroom.config.json'), 'utf8')).toBe(await readFile(join(corpus, 'pressroom.config.json'), 'utf8'))
  })
})
