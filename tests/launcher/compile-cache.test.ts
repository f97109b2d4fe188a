import {spawnSync} from 'node:child_process'
import {cp, mkdtemp, readdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {bundleRequire, compileCacheFile, compileWithCache, emailPackages, packagesBundleOf} from '../../src/launcher/run-with-compile-cache.js'

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

describe('the email packages bundle', () => {
  it('should give the CLI juice and nodemailer from a bundle of their own, compiled with the code cache the package build made', () => {
    const packages = packagesBundleOf(bundle)
    const load = bundleRequire(bundle, packages)
    const juice = load('juice') as (html: string) => string
    expect(packages.compiled?.cache).toBe('accepted')
    expect(juice('<style>p { color: red }</style><p>Berth</p>')).toContain('<p style="color: red;">Berth</p>')
    const MailComposer = load('nodemailer/lib/mail-composer') as new (mail: object) => {compile(): {build(done: (error: Error | null, message: Buffer) => void): void}}
    expect(Object.keys(packages.exports ?? {}).sort()).toEqual([...emailPackages.ids].sort())
    return new Promise<void>((resolve, reject) => {
      new MailComposer({from: 'news@example.com', to: 'reader@example.com', subject: 'Harbour', text: 'Berth'}).compile().build((error, message) => {
        if (error) return reject(error)
        expect(message.toString()).toContain('Subject: Harbour')
        resolve()
      })
    })
  })

  it('should write the same sample digest with the packages bundle as from the packages themselves, and with a damaged cache of it', async () => {
    const copy = await copyOfBin()
    // The rest of the package (templates, vocabularies, its node_modules) as it is, beside the copy of dist/bin/.
    const root = fileURLToPath(new URL('../../', import.meta.url))
    for (const name of await readdir(root)) if (!['dist', 'package.json', '.git'].includes(name)) await symlink(join(root, name), join(dir, name))
    for (const name of await readdir(join(root, 'dist'))) if (name !== 'bin') await symlink(join(root, 'dist', name), join(dir, 'dist', name))
    const fixture = fileURLToPath(new URL('../fixtures/newsroom/', import.meta.url))
    const digestOf = async (name: string) => {
      const newsroom = join(dir, name)
      await cp(fixture, newsroom, {recursive: true})
      const result = spawnSync(process.execPath, [join(copy, 'cli.js'), 'build', '--now', '2025-10-02T12:00:00Z'], {cwd: newsroom, encoding: 'utf8', timeout: 60_000, env: {PATH: process.env.PATH ?? '', CI: '1'}})
      expect(result.status, result.stderr).toBe(0)
      const previewDir = join(newsroom, '.pressroom-cache', 'email-preview')
      expect((await readdir(previewDir)).sort()).toEqual(['preview.eml', 'preview.html'])
      return readFile(join(previewDir, 'preview.html'), 'utf8')
    }
    const bundled = await digestOf('bundled')
    expect(bundled).toContain('style="')
    const cache = compileCacheFile(join(copy, emailPackages.file))
    const bytes = await readFile(cache)
    bytes.fill(0x5a, bytes.length >> 1, (bytes.length >> 1) + 4096)
    await writeFile(cache, bytes)
    expect(await digestOf('damaged')).toBe(bundled)
    await rm(join(copy, emailPackages.file))
    expect(await digestOf('unbundled')).toBe(bundled)
  })
})
