import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateCorpus} from '../../bench/generate-corpus.js'
import type {BuildOptions} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'

/** A temp newsroom of generated releases plus two that earn warnings, so messages cross threads and the cache too. */
export async function makeBenchNewsroom(count: number): Promise<{dir: string; releasesDir: string; remove(): Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-bench-'))
  await generateCorpus({dir, count, seed: 7})
  const releasesDir = join(dir, 'releases')
  await writeFile(
    join(releasesDir, '2026-10-30-warning-raw-html.md'),
    '---\ntitle: Raw HTML is removed\ndateline: OSLO, Norway\nsource: Northwind\ncolour: blue\n---\n\nA lede with <script>alert(1)</script> inside.\n'
  )
  await writeFile(join(releasesDir, '2026-10-29-long-summary.md'), `---\ntitle: A long summary\ndateline: OSLO, Norway\nsource: Northwind\nsummary: "${'word '.repeat(40)}"\n---\n\nThe lede.\n`)
  return {dir, releasesDir, remove: () => rm(dir, {recursive: true, force: true})}
}

/** The path of the first generated release of a {@link makeBenchNewsroom} (its oldest year, first by name): one to edit. */
export async function firstRelease(releasesDir: string): Promise<string> {
  const year = (await readdir(releasesDir)).filter((name) => /^\d{4}$/.test(name)).sort()[0] as string
  return join(releasesDir, year, ((await readdir(join(releasesDir, year))).sort()[0]) as string)
}

/** The build's clock in the cache tests: after every generated release. */
export const benchNow = Date.parse('2027-01-01T00:00:00Z')

/** A {@link makeBenchNewsroom} of `count` releases and the options of a cached build of it on the main thread into its `out/`. */
export async function makeCachedBuild(count: number): Promise<{newsroom: Awaited<ReturnType<typeof makeBenchNewsroom>>; options: BuildOptions}> {
  const newsroom = await makeBenchNewsroom(count)
  const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
  return {newsroom, options: {config, releasesDir: newsroom.releasesDir, outDir: join(newsroom.dir, 'out'), now: benchNow, cwd: newsroom.dir, cache: 'reuse', workers: 0}}
}

/** Every file under `dir` with its bytes, keyed by forward-slash path. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  const files = new Map<string, Buffer>()
  for (const entry of entries.filter((item) => item.isFile()).sort((a, b) => (a.parentPath + a.name < b.parentPath + b.name ? -1 : 1))) {
    const path = join(entry.parentPath, entry.name)
    files.set(path.slice(dir.length + 1).split('\\').join('/'), await readFile(path))
  }
  return files
}
