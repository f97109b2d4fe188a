import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateCorpus} from '../../bench/generate-corpus.js'
import {readTree} from './read-tree.js'
import {cliPath} from './run-cli.js'

/** Every file under `outDir` as `path sha256`, one a line, sorted by path: what a build wrote, byte for byte. */
export function outputDigest(outDir: string): string {
  const lines = [...readTree(outDir)].map(([path, bytes]) => `${path.split('\\').join('/')} ${createHash('sha256').update(bytes).digest('hex')}`)
  return lines.sort().join('\n') + '\n'
}

/** Append a closing paragraph to the release file in the middle of the newsroom, as the benchmark's edit does. */
function editMiddleRelease(releasesDir: string): string {
  const files = readdirSync(releasesDir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
  const file = files[files.length >> 1] as string
  appendFileSync(file, '\nUpdated for the output digest: the figures above were confirmed by the auditors.\n')
  return file.slice(releasesDir.length + 1).split('\\').join('/')
}

/**
 * Build a newsroom with the real CLI three ways (cold, after one edit, unchanged) and digest `out/` after each, as one
 * text with a section per build. `--now` is fixed: the news sitemap is the only output that reads the clock.
 */
export function buildDigests(dir: string, now: string): string {
  const sections: string[] = []
  const build = (name: string) => {
    // The real CLI, as run-cli.ts runs it, with room for a cold build of a big newsroom on a busy machine.
    const result = spawnSync(process.execPath, [cliPath, 'build', '--now', now], {cwd: dir, encoding: 'utf8', timeout: 200_000, env: {PATH: process.env.PATH ?? '', CI: '1'}})
    if (result.status !== 0) throw new Error(`${name} build failed (exit ${result.status}, ${String(result.error ?? '')}):\n${result.stderr}`)
    sections.push(`## ${name}\n${outputDigest(join(dir, 'out'))}`)
  }
  build('cold')
  const edited = editMiddleRelease(join(dir, 'releases'))
  build(`one edit (${edited})`)
  build('no-op')
  return sections.join('\n')
}

/** A temp copy of the sample newsroom at the repository's root (its releases, config and public files). */
export function copySampleNewsroom(): {dir: string; remove(): void} {
  const root = join(import.meta.dirname, '../..')
  const dir = mkdtempSync(join(tmpdir(), 'pressroom-digest-'))
  for (const name of ['releases', 'organizations', 'public', 'pressroom.config.json']) cpSync(join(root, name), join(dir, name), {recursive: true})
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})}
}

/** A temp generated newsroom of `count` releases (the benchmark's generator and seed). */
export async function generatedNewsroom(count: number): Promise<{dir: string; remove(): void}> {
  const dir = mkdtempSync(join(tmpdir(), 'pressroom-digest-'))
  await generateCorpus({dir, count, seed: 42})
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})}
}
