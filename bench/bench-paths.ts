import {cp, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

// The bench runs compiled from bench/.build/bench/, so paths are taken from there, two folders up to bench/.
/** The `bench/` folder of the repository. */
export const benchDir = fileURLToPath(new URL('../../', import.meta.url))
/** The repository root, where `dist/cli.js` lives. */
export const repoDir = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * The CLI the bench runs: a snapshot of `dist/` taken at start, its bundle two folders deep as in `dist/bin/`, so
 * templates resolve the same. Others building `dist/` (every vitest run does) mid-bench then cannot mix two versions
 * into one result.
 */
export const cliPath = join(repoDir, '.bench-dist', 'bin', 'cli.js')

/** Copy `dist/` to the snapshot {@link cliPath} runs from. */
export async function snapshotDist(): Promise<void> {
  await rm(join(repoDir, '.bench-dist'), {recursive: true, force: true})
  await cp(join(repoDir, 'dist'), join(repoDir, '.bench-dist'), {recursive: true})
}
