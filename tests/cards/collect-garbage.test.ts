import {describe, expect, it} from 'vitest'
import {collectGarbage} from '../../src/cards/collect-garbage.js'

describe('collectGarbage', () => {
  it('should free an object nothing holds any more, at once', async () => {
    let held: object | undefined = {drawing: new Uint8Array(1024)}
    const ref = new WeakRef(held)
    held = undefined
    // A WeakRef keeps its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve))
    collectGarbage()
    expect(ref.deref()).toBeUndefined()
    expect(held).toBeUndefined()
  })
})
