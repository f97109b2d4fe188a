import {existsSync} from 'node:fs'
import {appendFile, readdir, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {build, type BuildOptions} from '../../src/build/build.js'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import {linkOrCopyCounts} from '../../src/cache/link-or-copy.js'
import {benchNow, makeBenchNewsroom, makeCachedBuild, readTree} from './bench-newsroom.js'

const now = benchNow
let newsroom: Awaited<ReturnType<typeof makeBenchNewsroom>>
let options: BuildOptions

beforeEach(async () => {
  ;({newsroom, options} = await makeCachedBuild(30))
})
afterEach(() => newsroom.remove())

const storeDir = () => join(newsroom.dir, '.pressroom-cache', 'output-files')

/**
 * Stage a CI deploy as the bench does: a fresh checkout (every release file newer), no out folder, the cache kept, and
 * one new release, the newest, unless `addRelease` is false.
 */
async function stageDeploy(addRelease = true): Promise<void> {
  for (const name of ['out', '.out.builds']) await rm(join(newsroom.dir, name), {recursive: true, force: true})
  const checkedOut = new Date(Date.now() + 60_000)
  for (const entry of await readdir(newsroom.releasesDir, {recursive: true, withFileTypes: true})) {
    if (entry.isFile()) await utimes(join(entry.parentPath, entry.name), checkedOut, checkedOut)
  }
  if (addRelease) await writeFile(join(newsroom.releasesDir, '2026-11-01-deploy-run.md'), '---\ntitle: A release the deploy adds\ndateline: OSLO, Norway\nsource: Northwind\n---\n\nThe lede of the newest release.\n')
}

/** The inodes of the files the output store holds: an out file with one of them was linked in, not written. */
async function storedInodes(): Promise<Set<number>> {
  const found = new Set<number>()
  for (const name of await readdir(storeDir())) found.add((await stat(join(storeDir(), name))).ino)
  return found
}

/** Build (counting the release pages written) and return the count with the out folder's files. */
async function buildCountingPages(): Promise<{pages: number; tree: Map<string, Buffer>}> {
  let pages = 0
  const result = await build({...options, onProgress: (_done, _total, step) => void (step === 'pages' && pages++)})
  expect(result.ok).toBe(true)
  return {pages, tree: await readTree(options.outDir)}
}

describe('the output store', {timeout: 240_000}, () => {
  it('should let a CI deploy link what the cache holds and write only what the new release changes, as a full build would', async () => {
    const cold = await buildCountingPages()
    const releasePages = [...cold.tree.keys()].filter((path) => /^releases\/[^/]+\/index\.html$/.test(path))
    expect(cold.pages).toBe(releasePages.length)
    await stageDeploy()
    const stored = await storedInodes()
    const deploy = await buildCountingPages()

    // The same bytes as a build that renders everything.
    const fullDir = join(newsroom.dir, 'full')
    await build({...options, outDir: fullDir, cache: undefined, cacheDir: join(newsroom.dir, 'full-cache')})
    const full = await readTree(fullDir)
    expect([...deploy.tree.keys()]).toEqual([...full.keys()])
    for (const [path, bytes] of full) expect(deploy.tree.get(path)?.equals(bytes), path).toBe(true)

    // Written: the pages whose bytes the new release changed (the new one, and those that show it beside theirs).
    const changed = (path: string) => !cold.tree.get(path)?.equals(deploy.tree.get(path) as Buffer)
    const changedPages = [...deploy.tree.keys()].filter((path) => /^releases\/[^/]+\/index\.html$/.test(path) && changed(path))
    expect(deploy.pages).toBe(changedPages.length)
    expect(deploy.pages).toBeLessThan(releasePages.length / 2)
    // Linked, not written: every NewsML-G2 item but the new release's, which shows no other release.
    const linked = new Set<string>()
    for (const path of deploy.tree.keys()) if (stored.has((await stat(join(options.outDir, path))).ino)) linked.add(path)
    const items = [...deploy.tree.keys()].filter((path) => /^newsml\/.+\.xml$/.test(path) && path !== 'newsml/news-message.xml')
    expect(items.filter((path) => !linked.has(path))).toEqual(items.filter(changed))
    expect(items.filter(changed)).toHaveLength(1)
  })

  it('should not link a CI deploy into the other build folder, and still move in only what an edit after it changes', async () => {
    await buildCountingPages()
    await stageDeploy()
    const before = {...linkOrCopyCounts}
    const deploy = await buildCountingPages()
    // Linked in from the store with one link call each, every folder made once before its first link.
    const links = linkOrCopyCounts.links - before.links
    expect(links).toBeGreaterThan(deploy.tree.size / 2)
    expect(linkOrCopyCounts.linkCalls - before.linkCalls).toBe(links)
    expect(linkOrCopyCounts.folders - before.folders).toBeLessThanOrEqual(new Set([...deploy.tree.keys()].map((path) => dirname(path))).size)
    const other = nextBuildDir(options.outDir)
    // The deploy's build is linked from the store: its folders are thrown away after it, so the other is left unmade.
    expect(existsSync(other.dir)).toBe(false)
    await appendFile(join(newsroom.releasesDir, '2026-11-01-deploy-run.md'), '\nA closing line added after the deploy.\n')
    const edit = await buildCountingPages()
    expect(edit.pages).toBe(1)
    const moved = [...edit.tree.keys()].filter((path) => !deploy.tree.get(path)?.equals(edit.tree.get(path) as Buffer))
    expect(moved).toContain('releases/2026-11-01-deploy-run/index.html')
    const fullDir = join(newsroom.dir, 'full')
    await build({...options, outDir: fullDir, cache: undefined, cacheDir: join(newsroom.dir, 'full-cache')})
    const full = await readTree(fullDir)
    expect([...edit.tree.keys()]).toEqual([...full.keys()])
    for (const [path, bytes] of full) expect(edit.tree.get(path)?.equals(bytes), path).toBe(true)
  })

  it('should keep the sample digest in the cache folder through a CI deploy that changes nothing it shows', async () => {
    await buildCountingPages()
    const preview = join(newsroom.dir, '.pressroom-cache', 'email-preview')
    const before = new Map<string, number>()
    for (const name of await readdir(preview)) before.set(name, (await stat(join(preview, name))).mtimeMs)
    expect(before.size).toBeGreaterThan(0)
    await stageDeploy(false)
    const deploy = await buildCountingPages()
    expect(deploy.pages).toBe(0)
    for (const [name, mtimeMs] of before) expect((await stat(join(preview, name))).mtimeMs, name).toBe(mtimeMs)
  })

  it('should render everything again for --no-cache, however much the store holds', async () => {
    await buildCountingPages()
    await stageDeploy()
    let pages = 0
    const rebuilt = await build({...options, cache: 'rebuild', onProgress: (_done, _total, step) => void (step === 'pages' && pages++)})
    expect(rebuilt.ok).toBe(true)
    expect(pages).toBe(rebuilt.published.length)
  })
})
