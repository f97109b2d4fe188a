import {spawnSync} from 'node:child_process'
import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {compileCacheFile, compileWithCache} from '../../src/launcher/run-with-compile-cache.js'

const bin = fileURLToPath(new URL('../../dist/bin/', import.meta.url))
const bundle = join(bin, 'pressroom.cjs')
const {version} = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-launcher-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

/** A copy of dist/bin/, two folders deep as in the package, so its bundle finds package.json and the templates the same way. */
async function copyOfBin(): Promise<string> {
  const copy = join(dir, 'dist', 'bin')
  await cp(bin, copy, {recursive: true})
  await cp(fileURLToPath(new URL('../../package.json', import.meta.url)), join(dir, 'package.json'))
  return copy
}

const version_ = (cli: string) => spawnSync(process.execPath, [cli, '--version'], {encoding: 'utf8', timeout: 30_000, env: {PATH: process.env.PATH ?? ''}})

describe('the code cache of the CLI bundle', () => {
  it('should be made by the package build and taken by this Node, also from a copy of the package', async () => {
    expect(compileWithCache(bundle).cache).toBe('accepted')
    const copy = await copyOfBin()
    expect(compileWithCache(join(copy, 'pressroom.cjs')).cache).toBe('accepted')
  })

  it('should only cost the compile when it is damaged, missing, or of another bundle', async () => {
    const copy = await copyOfBin()
    const cache = compileCacheFile(join(copy, 'pressroom.cjs'))
    const bytes = await readFile(cache)
    // Damaged in the middle: V8's checksum refuses it.
    bytes.fill(0x5a, bytes.length >> 1, (bytes.length >> 1) + 4096)
    await writeFile(cache, bytes)
    expect(compileWithCache(join(copy, 'pressroom.cjs')).cache).toBe('rejected')
    let result = version_(join(copy, 'cli.js'))
    expect(result.stderr).toBe('')
    expect([result.status, result.stdout.trim()]).toEqual([0, version])

    // The bundle changed under its cache (same length, other code): refused.
    const source = await readFile(join(copy, 'pressroom.cjs'), 'utf8')
    expect(source).toContain('unexpected error')
    await writeFile(join(copy, 'pressroom.cjs'), source.replaceAll('unexpected error', 'unexpected errox'))
    await cp(compileCacheFile(bundle), cache)
    expect(compileWithCache(join(copy, 'pressroom.cjs')).cache).not.toBe('accepted')

    await rm(cache)
    expect(compileWithCache(join(copy, 'pressroom.cjs')).cache).toBe('missing')
    result = version_(join(copy, 'cli.js'))
    expect([result.status, result.stdout.trim()]).toEqual([0, version])
  })
})
