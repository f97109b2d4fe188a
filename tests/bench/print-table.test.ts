import {describe, expect, it} from 'vitest'
import {printTable, targetsOf, type BenchReport, type SizeResult} from '../../bench/print-table.js'

/** A size's figures with the given medians (ms), peers measured as given. */
function size(releases: number, figures: {cold: number; deploy: number; edit: number; noOp: number; floor: number; astro?: number; hugo?: number; eleventy?: number; rss?: number}): SizeResult {
  const peer = (wallMs: number | undefined) => (wallMs === undefined ? undefined : {wallMs, peakRssMiB: 100, all: [wallMs]})
  return {
    releases,
    runs: 1,
    cold: {wallMs: figures.cold, peakRssMiB: figures.rss ?? 250, all: [figures.cold]},
    deploy: {wallMs: figures.deploy, rendered: 1, all: [figures.deploy]},
    rebuildOne: {wallMs: figures.edit, rendered: 1, all: [figures.edit]},
    noOp: {wallMs: figures.noOp, upToDate: true, all: [figures.noOp]},
    floor: peer(figures.floor),
    astro: peer(figures.astro),
    hugo: peer(figures.hugo),
    eleventy: peer(figures.eleventy),
    msPerRelease: figures.cold / releases,
    loadDuring: [1.5, 2.5]
  }
}

function report(sizes: SizeResult[]): BenchReport {
  return {
    command: 'npm run bench --',
    started: '2027-01-01T00:00:00Z',
    finished: '2027-01-01T00:20:00Z',
    machine: {cores: 2, cpu: 'test', node: 'v20', loadAverageBefore: [1, 1, 1], loadAverageAfter: [2, 2, 2]},
    peers: {astro: '5.18.2', hugo: '0.111.3'},
    sizes,
    digest: {error: 'not run'}
  }
}

const verdicts = (bench: BenchReport) => Object.fromEntries(targetsOf(bench).map((target) => [target.name.replace(/ at .*$/, ''), target.met]))

describe('targetsOf', () => {
  it('should check each ratio of issue 26 at 4k against its limit', () => {
    const bench = report([
      size(1000, {cold: 2000, deploy: 600, edit: 200, noOp: 100, floor: 1800}),
      size(4000, {cold: 8000, deploy: 1000, edit: 250, noOp: 150, floor: 7000, astro: 40_000, hugo: 2000, eleventy: 3000}),
      size(10_000, {cold: 20_000, deploy: 2000, edit: 300, noOp: 200, floor: 18_000, rss: 310})
    ])
    expect(verdicts(bench)).toEqual({
      'cold / parse floor': true,
      'cold / Astro 5 cold': true,
      'CI deploy / Hugo cold': true,
      'CI deploy / Eleventy 3 cold': true,
      'one edit / Hugo cold': false,
      'no-op / Hugo cold': false,
      'peak RSS of a cold build': false,
      'linear cost, cold ms per release': true
    })
    expect(targetsOf(bench)[0]?.measured).toBe('1.143x (8.00 s / 7.00 s)')
  })

  it('should leave a target unchecked when its peer was not measured, and say which size it checked without a 4k run', () => {
    const targets = targetsOf(report([size(1000, {cold: 2000, deploy: 600, edit: 200, noOp: 100, floor: 3000, hugo: 5000})]))
    expect(targets.find((target) => target.name.startsWith('cold / Astro'))).toMatchObject({measured: 'not measured', met: undefined})
    expect(targets.find((target) => target.name.startsWith('no-op / Hugo'))).toMatchObject({name: 'no-op / Hugo cold at 1k (no 4k run; the targets are set at 4k)', met: true})
    expect(targets.find((target) => target.name.startsWith('peak RSS'))?.met).toBeUndefined()
  })

  it('should not count a deploy that rendered more than the new release as meeting its target', () => {
    const four = size(4000, {cold: 8000, deploy: 100, edit: 100, noOp: 50, floor: 7000, hugo: 2000, eleventy: 3000})
    const targets = targetsOf(report([{...four, deploy: {wallMs: 100, rendered: 4001, all: [100]}}]))
    expect(targets.filter((target) => target.name.startsWith('CI deploy')).map((target) => target.met)).toEqual([false, false])
  })
})

describe('printTable', () => {
  it('should show a peer that failed as failed with its reason, and the load average during the run', () => {
    const four = size(4000, {cold: 8000, deploy: 1000, edit: 250, noOp: 150, floor: 7000, hugo: 2000})
    const text = printTable(report([{...four, astro: {error: 'npm install astro@5 failed (exit 1)'}}]))
    expect(text).toContain('during 1.5-2.5')
    expect(text).toContain('not measured: astro at 4000: npm install astro@5 failed (exit 1)')
    expect(text).toMatch(/\| 4000 \| 1 \| 8\.00 s \| 2\.00 \| 7\.00 s \| failed \| 2\.00 s \| not run \| 1\.00 s \(1 rendered\) \|/)
  })
})
