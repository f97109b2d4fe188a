import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Config} from '../../src/config/config-schema.js'
import {writeFeeds} from '../../src/feeds/write-feeds.js'
import type {Release} from '../../src/release/release.js'

/** A fresh temporary folder for one test's output; `removeTempDirs` deletes every one made so far. */
export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-feeds-'))
  made.push(dir)
  return dir
}

const made: string[] = []

/** Delete the temporary folders of `makeTempDir`. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, {recursive: true, force: true})))
}

/** Write the feeds of `releases` into a new temporary folder and return it. */
export async function writeFeedsToTemp(config: Config, releases: readonly Release[], now: number): Promise<string> {
  const outDir = await makeTempDir()
  await writeFeeds({config, releases, outDir, now})
  return outDir
}

/** Every file under `dir`, as sorted forward-slash paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .sort()
}

/** The text of `path` under `dir`. */
export function readText(dir: string, path: string): Promise<string> {
  return readFile(join(dir, path), 'utf8')
}
