import {describe, expect, it} from 'vitest'
import {writeBeside} from '../../src/build/write-beside.js'

/** A writer that logs when it starts and ends, and ends once `gate` opens (or fails with `failure`). */
function writer(log: string[], name: string, gate: Promise<void>, failure?: Error): () => Promise<void> {
  return async () => {
    log.push(`${name} start`)
    await gate
    log.push(`${name} end`)
    if (failure) throw failure
  }
}

describe('writeBeside', () => {
  it('should run the writers one after another while the long one is still writing', async () => {
    const log: string[] = []
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const done = writeBeside(writer(log, 'search', gate), [writer(log, 'cards', Promise.resolve()), writer(log, 'feeds', Promise.resolve())])
    // The long writer waits for the gate, which opens only once the others have ended.
    for (let turn = 0; turn < 20 && !log.includes('feeds end'); turn++) await new Promise((resolve) => setImmediate(resolve))
    open()
    await done
    expect(log).toEqual(['search start', 'cards start', 'cards end', 'feeds start', 'feeds end', 'search end'])
  })

  it('should wait for every writer before it throws the failure of one', async () => {
    const log: string[] = []
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const done = writeBeside(writer(log, 'search', gate), [writer(log, 'cards', Promise.resolve(), new Error('resvg refused the card'))])
    const settled = done.then(
      () => 'resolved',
      (error: Error) => `${error.message} after ${log.at(-1)}`
    )
    for (let turn = 0; turn < 20 && !log.includes('cards end'); turn++) await new Promise((resolve) => setImmediate(resolve))
    open()
    expect(await settled).toBe('resvg refused the card after search end')
  })
})
