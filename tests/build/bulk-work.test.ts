import {appendFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../src/build/build.js'
import {minPooledFiles} from '../../src/build/render-releases.js'
import {firstRelease, makeBenchNewsroom, makeCachedBuild} from '../cache/bench-newsroom.js'
import {runCli} from '../support/run-cli.js'

/** Preloaded into the CLI's process: tells on stderr each heap-growth flag the build sets, then sets it. */
const flagWitness = `const v8 = require('node:v8')
const set = v8.setFlagsFromString
v8.setFlagsFromString = (flags) => {
  if (flags.startsWith('--heap-growing-percent')) process.stderr.write('flag ' + flags + '\\n')
  return set(flags)
}
`

describe('build: bulk work', () => {
  it('should say a cold build and one whose every page changes are bulk work, and an edit is not', async () => {
    const count = minPooledFiles + 6
    const {newsroom, options} = await makeCachedBuild(count)
    try {
      // What the build tells, in order: 'bulk', and the first release checked and the first page written.
      const builds = async (extra: Partial<typeof options> = {}) => {
        const told: string[] = []
        const result = await build({...options, ...extra, onBulkWork: () => void told.push('bulk'), onProgress: (done, _total, step) => void (done === 1 && told.push(step))})
        expect(result.ok).toBe(true)
        return {told, rendered: result.rendered}
      }
      // Cold: told before the first release is rendered, and once only.
      expect(await builds()).toEqual({told: ['bulk', 'check', 'pages'], rendered: count + 2})

      // One sentence added to one release: one render, a handful of pages.
      await appendFile(await firstRelease(newsroom.releasesDir), '\nOne more sentence for the record.\n')
      expect(await builds()).toEqual({told: ['check', 'pages'], rendered: 1})

      // A new site title renders nothing again, but every release page shows it: told before the pages are written.
      expect(await builds({config: {...options.config, title: 'Renamed Newsroom'}})).toEqual({told: ['check', 'bulk', 'pages'], rendered: 0})
    } finally {
      await newsroom.remove()
    }
  }, 120_000)

  it('should have `pressroom build` tighten the heap\'s growth for a cold build only, and put it back after', async () => {
    const newsroom = await makeBenchNewsroom(minPooledFiles + 6)
    try {
      const witness = join(newsroom.dir, 'flag-witness.cjs')
      await writeFile(witness, flagWitness)
      const run = () => {
        const result = runCli(['build', '--now', '2027-01-01T00:00:00Z'], {cwd: newsroom.dir, env: {NODE_OPTIONS: `--require ${witness}`}})
        expect(result.status).toBe(0)
        return result.stderr.split('\n').filter((line) => line.startsWith('flag '))
      }
      expect(run()).toEqual(['flag --heap-growing-percent=30', 'flag --heap-growing-percent=0'])
      await appendFile(await firstRelease(newsroom.releasesDir), '\nOne more sentence for the record.\n')
      expect(run()).toEqual([])
    } finally {
      await newsroom.remove()
    }
  }, 120_000)
})
