import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {writeOutDir} from '../../src/build/write-out-dir.js'
import {collectGarbage} from '../../src/cards/collect-garbage.js'
import type {OutputPlan} from '../../src/plan/output-plan.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pressroom-plans-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

describe('the outputs’ plans', () => {
  it('should be let go once their keys are made, but for the folder outputs’, before the writers run', async () => {
    let page: WeakRef<OutputPlan> | undefined
    let folder: WeakRef<OutputPlan> | undefined
    const seen: Array<{page: boolean; folder: boolean}> = []
    await writeOutDir({
      config: testConfig(),
      releases: [makeRelease({slug: 'quay', fileDate: '2025-09-16'})],
      outDir: join(dir, 'out'),
      cwd: dir,
      now: Date.parse('2026-01-01T00:00:00Z'),
      cacheDir: join(dir, 'cache'),
      reuse: true,
      plans: (_, list) => {
        const made: OutputPlan[] = [{path: '/quay/', kind: 'releasePage', shows: [], releases: list}, {path: '/folder/', kind: 'search', shows: [], releases: list, folder: true}]
        page = new WeakRef(made[0] as OutputPlan)
        folder = new WeakRef(made[1] as OutputPlan)
        return made
      },
      writers: [
        async (context) => {
          await writeFile(join(context.outDir, 'quay.html'), 'Quay')
          // A later job than the one that made the plans: a weak reference holds its target to the end of that job.
          await new Promise((resolve) => setImmediate(resolve))
          collectGarbage()
          seen.push({page: page?.deref() !== undefined, folder: folder?.deref() !== undefined})
        }
      ]
    })
    // A release page's plan is gone while the writers run (a big build's peak is at its end); the folder output's is
    // still read once they are done.
    expect(seen).toEqual([{page: false, folder: true}])
  })
})
