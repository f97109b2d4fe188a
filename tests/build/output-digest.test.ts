import {afterEach, describe, expect, it} from 'vitest'
import {buildDigests, copySampleNewsroom, generatedNewsroom} from '../support/output-digest.js'

// The golden files are the outputs of main before the build layer was restructured: a change to them is a change to
// what pressroom publishes, reviewed like code (`vitest -u` rewrites them).
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

describe('the output digest', () => {
  it('should write the sample newsroom byte for byte as before, cold, after one edit and unchanged', async () => {
    const newsroom = copySampleNewsroom()
    cleanup = newsroom.remove
    await expect(buildDigests(newsroom.dir, '2027-06-01T00:00:00Z')).toMatchFileSnapshot('../fixtures/output-digest/sample-newsroom.txt')
  })

  it('should write a generated newsroom of 1,000 releases byte for byte as before, cold, after one edit and unchanged', async () => {
    const newsroom = await generatedNewsroom(1000)
    cleanup = newsroom.remove
    await expect(buildDigests(newsroom.dir, '2027-01-01T00:00:00Z')).toMatchFileSnapshot('../fixtures/output-digest/generated-1000.txt')
  }, 600_000)
})
