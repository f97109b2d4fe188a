import {describe, expect, it} from 'vitest'
import {writeBeside} from '../../src/build/write-beside.js'

/** A writer that logs when it starts and ends, and ends once `gate` opens (or fails with `failure`); ready at once. */
function writer(log: string[], name: string, gate: Promise<void>, failure?: Error): (ready?: () => void) => Promise<void> {
  return async (ready) => {
    log.push(`${name} start`)
    ready?.()
    await gate
    log.push(`${name} end`)
    if (failure) throw failure
  }
}

/** Turns of the event loop until `done` says so, at most twenty. */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 20 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve))
}

describe('writeBeside', () => {
  it('should run the writers one after another while the long one is still writing', async () => {
    const log: string[] = []
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const done = writeBeside(writer(log, 'search', gate), [writer(log, 'cards', Promise.resolve()), writer(log, 'feeds', Promise.resolve())])
    // The long writer waits for the gate, which opens only once the others have ended.
    await turnsUntil(() => log.includes('feeds end'))
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
    await turnsUntil(() => log.includes('cards end'))
    open()
    expect(await settled).toBe('resvg refused the card after search end')
  })

  it('should begin the writers only once the long one is ready, or has ended', async () => {
    const log: string[] = []
    let ready = () => {}
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const done = writeBeside(
      async (isReady) => {
        log.push('search start')
        ready = isReady
        await gate
        log.push('search end')
      },
      [writer(log, 'site', Promise.resolve())]
    )
    await turnsUntil(() => log.length > 1)
    // Not ready: Pagefind has not got its pages yet, and the site's plans would keep them from it.
    expect(log).toEqual(['search start'])
    ready()
    await turnsUntil(() => log.includes('site end'))
    expect(log).toEqual(['search start', 'site start', 'site end'])
    open()
    await done
    // A long writer that ends without saying it is ready (nothing to index) lets the writers begin too.
    const quiet: string[] = []
    await writeBeside(async () => void quiet.push('search'), [writer(quiet, 'site', Promise.resolve())])
    expect(quiet).toEqual(['search', 'site start', 'site end'])
  })

  it('should tell the long writer once the others are written, or one of them failed', async () => {
    for (const failure of [undefined, new Error('the feed would not render')]) {
      const log: string[] = []
      let open = () => {}
      const gate = new Promise<void>((resolve) => (open = resolve))
      const done = writeBeside(
        async (ready, othersWritten) => {
          log.push('search start')
          ready()
          void othersWritten.then(() => log.push('told'))
          await gate
          log.push('search end')
        },
        [writer(log, 'site', Promise.resolve()), writer(log, 'feeds', Promise.resolve(), failure)]
      )
      await turnsUntil(() => log.includes('told'))
      expect(log).toEqual(['search start', 'site start', 'site end', 'feeds start', 'feeds end', 'told'])
      open()
      await done.catch(() => undefined)
    }
  })
})
