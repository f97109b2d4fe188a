import {spawn} from 'node:child_process'
import {existsSync, watch} from 'node:fs'
import {appendFile, cp, lstat, readdir, readFile, readlink, rename, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {nextBuildDir} from '../../src/build/swap-out-dir.js'
import {cliPath, runCli} from '../support/run-cli.js'
import {firstRelease, makeBenchNewsroom, readTree} from './bench-newsroom.js'

const now = '2027-01-01T00:00:00Z'
let newsroom: Awaited<ReturnType<typeof makeBenchNewsroom>>
let out: string

beforeAll(async () => {
  newsroom = await makeBenchNewsroom(60)
  out = join(newsroom.dir, 'out')
})
afterAll(() => newsroom.remove())

const build = () => runCli(['build', '--now', now], {cwd: newsroom.dir})

/** A cold build: no out folder, no build folders, no cache. */
async function coldBuild() {
  for (const name of ['out', '.out.builds', '.pressroom-cache']) await rm(join(newsroom.dir, name), {recursive: true, force: true})
  const result = build()
  expect(result.status, result.stderr).toBe(0)
}

/** The inode of every file under `dir`: a file a build rewrote has a new one, since outputs are moved in. */
async function inodes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (const path of (await readTree(dir)).keys()) found.set(path, (await stat(join(dir, path))).ino)
  return found
}

/** The release file in the middle of the newsroom's first year, the one these tests edit. */
async function middleRelease(): Promise<string> {
  const year = (await readdir(newsroom.releasesDir)).filter((name) => /^\d{4}$/.test(name)).sort()[0] as string
  const files = (await readdir(join(newsroom.releasesDir, year))).sort()
  return join(newsroom.releasesDir, year, files[files.length >> 1] as string)
}

/** The paths where two trees differ, for a readable failure. */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => {
    const [left, right] = [a.get(path), b.get(path)]
    if (left === undefined || right === undefined) return true
    return !left.equals(right)
  })
}

/**
 * Start a real build and SIGKILL it when `arm` calls its `kill` (it may finish first); resolves once the process is
 * gone. `arm` returns what stops its trigger.
 */
function killedBuild(arm: (kill: () => void) => () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'build', '--now', now], {cwd: newsroom.dir, stdio: 'ignore', env: {PATH: process.env.PATH ?? '', CI: '1'}})
    const kill = () => void child.kill('SIGKILL')
    const disarm = arm(kill)
    const bound = setTimeout(kill, 60_000)
    child.on('error', reject)
    child.on('exit', () => {
      clearTimeout(bound)
      disarm()
      resolve()
    })
  })
}

const afterMs = (ms: number) => (kill: () => void) => {
  const timer = setTimeout(kill, ms)
  return () => clearTimeout(timer)
}

/** Kill at the first change seen in any of `folders` (those that exist). */
const onFirstChange = (folders: () => string[]) => (kill: () => void) => {
  const watchers = folders().filter((path) => existsSync(path)).map((path) => watch(path, kill))
  return () => watchers.forEach((watcher) => watcher.close())
}

describe('replacing the out folder', () => {
  it('should leave out/ exactly the old build or exactly the new one wherever a rebuild is killed, and build after', async () => {
    // Two builds that differ in every page (the site title) and in one release's page.
    const configPath = join(newsroom.dir, 'pressroom.config.json')
    const config = JSON.parse(await readFile(configPath, 'utf8')) as {title: string}
    const releasePath = await firstRelease(newsroom.releasesDir)
    const release = await readFile(releasePath, 'utf8')
    const inputs = [
      {config: {...config, title: 'Northwind Newsroom'}, release},
      {config: {...config, title: 'Northwind Press Room'}, release: release + '\nA closing line added for the new build.\n'}
    ]
    const use = async (state: number) => {
      // Each build starts without a publication ledger: the ledger counts every change of a release file (a change
      // back too) as a new version, dated by the build, which would make the two reference trees drift from what a
      // later build of the same inputs writes. This test is about the out folder, so every build is a first one.
      await rm(join(newsroom.dir, 'data'), {recursive: true, force: true})
      await writeFile(configPath, JSON.stringify((inputs[state] as (typeof inputs)[number]).config))
      await writeFile(releasePath, (inputs[state] as (typeof inputs)[number]).release)
    }
    const trees: Array<Map<string, Buffer>> = []
    let longest = 0
    for (const state of [0, 1]) {
      await use(state)
      const started = performance.now()
      expect(build().status).toBe(0)
      longest = Math.max(longest, performance.now() - started)
      trees.push(await readTree(out))
    }
    expect(differences(trees[0] as Map<string, Buffer>, trees[1] as Map<string, Buffer>).length).toBeGreaterThan(60)

    // Kill points across the whole build, then at the first change inside out/, then at the first beside it.
    const inOut = onFirstChange(() => [out])
    const beside = onFirstChange(() => [newsroom.dir, join(newsroom.dir, '.out.builds')])
    const triggers = [...[0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((share) => afterMs(Math.round(longest * share))), inOut, inOut, inOut, beside]
    let from = 1
    for (const [trial, trigger] of triggers.entries()) {
      const to = 1 - from
      await use(to)
      await killedBuild(trigger)
      const seen = await readTree(out)
      const [old, next] = [trees[from] as Map<string, Buffer>, trees[to] as Map<string, Buffer>]
      const offOld = differences(seen, old)
      const offNew = differences(seen, next)
      expect(offOld.length === 0 || offNew.length === 0, `trial ${trial}: out/ is neither build (${offOld.length} files off the old one, ${offNew.length} off the new, e.g. ${offNew.slice(0, 3).join(', ')})`).toBe(true)
      const after = build()
      expect(after.status, after.stderr).toBe(0)
      expect(differences(await readTree(out), next), `trial ${trial}: the build after the kill`).toEqual([])
      from = to
    }
  }, 600_000)

  it('should leave the other build folder holding a cold build by hard links, so the first rebuild moves in only what changed', async () => {
    await coldBuild()
    const other = nextBuildDir(out).dir
    const built = await inodes(out)
    expect(await inodes(other)).toEqual(built)
    const release = await middleRelease()
    await appendFile(release, '\nA closing line added after the cold build.\n')
    expect(build().status).toBe(0)
    const rewritten = [...(await inodes(out))].filter(([path, ino]) => built.get(path) !== ino).map(([path]) => path)
    expect(rewritten).toContain(`releases/${release.replace(/^.*\/|\.md$/g, '')}/index.html`)
    expect(rewritten.length).toBeLessThan(built.size / 4)
    const rebuilt = await readTree(out)
    await coldBuild()
    expect(differences(rebuilt, await readTree(out))).toEqual([])
  }, 120_000)

  it('should write the same out/ as a cold build when the filling of the other build folder was cut short', async () => {
    await coldBuild()
    // What a kill while the other folder is linked leaves: its manifest gone, some of its files not linked yet.
    const other = nextBuildDir(out)
    await rm(join(newsroom.dir, '.pressroom-cache', `pages-${other.name}.json`))
    const files = [...(await readTree(other.dir)).keys()]
    for (const path of files.slice(files.length >> 1)) await rm(join(other.dir, path))
    await appendFile(await middleRelease(), '\nA closing line added after the cut-short build.\n')
    const result = build()
    expect(result.status, result.stderr).toBe(0)
    const rebuilt = await readTree(out)
    await coldBuild()
    expect(differences(rebuilt, await readTree(out))).toEqual([])
  }, 120_000)

  it('should take over an out folder an older pressroom wrote as a folder, and keep nothing else beside it', async () => {
    expect(build().status).toBe(0)
    const before = await readTree(out)
    // As an older version left it: a real folder in place of the link, no builds folder.
    const real = join(newsroom.dir, 'real-out')
    await cp(out, real, {recursive: true, dereference: true})
    await rm(out)
    await rm(join(newsroom.dir, '.out.builds'), {recursive: true})
    await rename(real, out)
    expect((await lstat(out)).isDirectory()).toBe(true)
    const result = build()
    expect(result.status, result.stderr).toBe(0)
    expect((await lstat(out)).isSymbolicLink()).toBe(true)
    expect(await readlink(out)).toMatch(/^\.out\.builds\/[ab]$/)
    expect(differences(await readTree(out), before)).toEqual([])
    expect((await readdir(join(newsroom.dir, '.out.builds'))).every((name) => name === 'a' || name === 'b')).toBe(true)
    expect((await readdir(newsroom.dir)).filter((name) => name.startsWith('.out'))).toEqual(['.out.builds'])
  }, 120_000)
})
