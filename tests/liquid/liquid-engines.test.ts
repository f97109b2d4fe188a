import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {liquidEngines} from '../../src/liquid/liquid-engines.js'

let first = ''
let second = ''
beforeAll(async () => {
  first = await mkdtemp(join(tmpdir(), 'pressroom-engines-a-'))
  second = await mkdtemp(join(tmpdir(), 'pressroom-engines-b-'))
  await writeFile(join(first, 'page.liquid'), 'first {{ name }}')
  await writeFile(join(second, 'page.liquid'), 'second {{ name }}')
})
afterAll(async () => {
  await rm(first, {recursive: true, force: true})
  await rm(second, {recursive: true, force: true})
})

describe('liquidEngines', () => {
  it('should hand out one engine per templates folder, so a build parses each template once', async () => {
    const liquidFor = liquidEngines()
    expect(liquidFor(first)).toBe(liquidFor(first))
    expect(liquidFor(second)).not.toBe(liquidFor(first))
    expect(liquidFor(first).renderFileSync('page', {name: '<b>'})).toBe('first &lt;b&gt;')
    expect(liquidFor(second).renderFileSync('page', {name: 'x'})).toBe('second x')
  })

  it('should keep what an engine parsed for its build only: a new set of engines reads edited templates', async () => {
    const before = liquidEngines()(first)
    expect(before.renderFileSync('page', {name: 'a'})).toBe('first a')
    await writeFile(join(first, 'page.liquid'), 'edited {{ name }}')
    expect(before.renderFileSync('page', {name: 'a'})).toBe('first a')
    expect(liquidEngines()(first).renderFileSync('page', {name: 'a'})).toBe('edited a')
  })
})
