import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {remarkGfmGated} from '../src/render/remark-gfm-gated.js'
import {releaseBody} from './release-body.js'

// The parse floor as a process of its own, so its wall time and peak memory compare with a build's: `node
// parse-floor-process.js CORPUS_DIR WORKERS`. Worker threads claim release files from a shared counter, read each,
// cut off its front matter and parse the body with remark-parse and the build's GFM set-up; nothing else.

/** What each worker gets: every release file, and the counter they take the next file's index from. */
interface FloorTask {
  files: string[]
  next: Int32Array
}

if (isMainThread) {
  const [dir, count] = process.argv.slice(2)
  if (!dir || !count) throw new Error('Unexpected arguments, expected CORPUS_DIR WORKERS')
  const root = join(dir, 'releases')
  const files = readdirSync(root, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => join(root, name))
  const next = new Int32Array(new SharedArrayBuffer(4))
  const workers = Array.from({length: Math.max(1, Number(count))}, () => new Worker(new URL(import.meta.url), {workerData: {files, next} satisfies FloorTask}))
  const parsed = await Promise.all(workers.map((worker) => new Promise<number>((resolve, reject) => {
    worker.once('message', (done: number) => resolve(done))
    worker.once('error', reject)
  })))
  await Promise.all(workers.map((worker) => worker.terminate()))
  process.stdout.write(`${JSON.stringify({files: files.length, parsed: parsed.reduce((sum, done) => sum + done, 0), workers: workers.length})}\n`)
} else {
  const {files, next} = workerData as FloorTask
  const processor = unified().use(remarkParse).use(remarkGfmGated).freeze()
  let done = 0
  for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
    processor.parse(releaseBody(readFileSync(files[index] as string, 'utf8')))
    done++
  }
  parentPort?.postMessage(done)
}
