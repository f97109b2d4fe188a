import {describe, expect, it} from 'vitest'
import {createBuildProgress} from '../src/build-progress.js'

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
})
