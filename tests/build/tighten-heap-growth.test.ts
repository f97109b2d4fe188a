import {execFile} from 'node:child_process'
import {describe, expect, it} from 'vitest'

// The compiled module (the vitest global setup compiles dist/ first): the child process runs plain Node.
const compiled = new URL('../../dist/build/tighten-heap-growth.js', import.meta.url).href

/**
 * A process shaped like a build: a small set of objects kept throughout, and many that live a while (long enough to be
 * promoted out of the young generation) and are then dropped. It prints the largest heap it saw in use.
 */
const buildLike = (tighten: boolean) => `
import {getHeapStatistics} from 'node:v8'
if (${tighten}) (await import(${JSON.stringify(compiled)})).tightenHeapGrowth()
const kept = Array.from({length: 100_000}, (_, index) => ({index, text: \`kept \${index}\`.padEnd(80, '.')}))
const recent = []
let peak = 0
for (let round = 0; round < 300; round++) {
  recent.push(Array.from({length: 5_000}, (_, index) => ({index, text: \`dropped \${round} \${index}\`.padEnd(80, '.')})))
  if (recent.length > 30) recent.shift()
  peak = Math.max(peak, getHeapStatistics().used_heap_size)
}
process.stdout.write(String(peak + kept.length * 0))
`

function peakHeap(tighten: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', buildLike(tighten)], {timeout: 120_000}, (error, stdout) => (error ? reject(error) : resolve(Number(stdout))))
  })
}

describe('tightenHeapGrowth', () => {
  it('should have V8 collect a heap of promoted garbage long before it grows to what it does by default', async () => {
    const [loose, tight] = await Promise.all([peakHeap(false), peakHeap(true)])
    expect(loose).toBeGreaterThan(0)
    expect(tight).toBeLessThan(loose * 0.7)
  }, 150_000)
})
