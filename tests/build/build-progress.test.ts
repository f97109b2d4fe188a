import {describe, expect, it} from 'vitest'
import {join} from 'node:path'
import {createBuildProgress} from '../../src/build/build-progress.js'
import {build} from '../../src/build/build.js'
import {loadConfig} from '../../src/config/load-config.js'
import {makeBenchNewsroom} from '../cache/bench-newsroom.js'

describe('build progress', () => {
  it('should stay silent for builds under a second, then count on one line and clear it at the end', () => {
    const written: string[] = []
    let clock = 0
    const progress = createBuildProgress({write: (text) => written.push(text) > 0}, () => clock)
    clock = 500
    progress.update(10, 4000)
    expect(written).toEqual([])
    clock = 1200
    progress.update(900, 4000)
    clock = 1250
    progress.update(950, 4000)
    clock = 1400
    progress.update(4000, 4000)
    progress.end()
    expect(written).toEqual(['\rpressroom: checked 900 of 4000 releases', '\rpressroom: checked 4000 of 4000 releases', '\r\x1b[2K'])
  })

  it('should write nothing at all when the build ends within the first second', () => {
    const written: string[] = []
    const progress = createBuildProgress({write: (text) => written.push(text) > 0}, () => 0)
    progress.update(3, 3)
    progress.end()
    expect(written).toEqual([])
  })

  it('should count the release pages written after the releases checked, clearing the longer line it replaces', () => {
    const written: string[] = []
    let clock = 2000
    const progress = createBuildProgress({write: (text) => written.push(text) > 0}, () => clock)
    clock = 3000
    progress.update(4000, 4000)
    clock = 3010
    progress.update(5, 3957, 'pages')
    clock = 3020
    progress.update(6, 3957, 'pages')
    clock = 3200
    progress.update(3957, 3957, 'pages')
    progress.end()
    expect(written).toEqual([
      '\rpressroom: checked 4000 of 4000 releases',
      '\rpressroom: wrote 5 of 3957 release pages\x1b[K',
      '\rpressroom: wrote 3957 of 3957 release pages',
      '\r\x1b[2K'
    ])
  })

  it('should hear from a build of every release checked, then of every release page written', async () => {
    const newsroom = await makeBenchNewsroom(10)
    try {
      const steps: Array<[number, number, string]> = []
      const config = loadConfig(join(newsroom.dir, 'pressroom.config.json'))
      const options = {config, releasesDir: newsroom.releasesDir, outDir: join(newsroom.dir, 'out'), now: Date.parse('2027-01-01T00:00:00Z'), cwd: newsroom.dir, cache: 'reuse' as const, workers: 0}
      const result = await build({...options, onProgress: (done, total, step) => steps.push([done, total, step])})
      const pages = result.published.length
      expect(steps).toEqual([...Array.from({length: 12}, (_, index): [number, number, string] => [index + 1, 12, 'check']), ...Array.from({length: pages}, (_, index): [number, number, string] => [index + 1, pages, 'pages'])])
      // A rebuild that renders nothing and keeps every page counts no page.
      steps.length = 0
      await build({...options, onProgress: (done, total, step) => steps.push([done, total, step])})
      expect(steps.filter(([, , step]) => step === 'pages')).toEqual([])
    } finally {
      await newsroom.remove()
    }
  })
})

