import {fileURLToPath} from 'node:url'

// The bench runs compiled from bench/.build/bench/, so paths are taken from there, two folders up to bench/.
/** The `bench/` folder of the repository. */
export const benchDir = fileURLToPath(new URL('../../', import.meta.url))
/** The repository root, where `dist/cli.js` lives. */
export const repoDir = fileURLToPath(new URL('../../../', import.meta.url))
