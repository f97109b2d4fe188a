import {parentPort, workerData} from 'node:worker_threads'
import type {Config} from '../config/config-schema.js'
import {storeBody} from '../cache/render-cache.js'
import {loadRelease} from '../release/load-release.js'
import {toMessageRecords} from './message-record.js'
import type {RenderReply, RenderTask} from './render-pool.js'

// A worker thread of the render pool: its own unified processor (module state), the config sent once at start-up.
const config = (workerData as {config: Config}).config
const port = parentPort
if (!port) throw new Error('render-worker must run as a worker thread')

port.on('message', (task: RenderTask) => {
  loadRelease(task.path, task.bytes, config).then(
    ({file, release}) => {
      const messages = toMessageRecords(file)
      if (!release) port.postMessage({id: task.id, messages} satisfies RenderReply)
      else if (task.bodyFile === undefined) port.postMessage({id: task.id, messages, release} satisfies RenderReply)
      else port.postMessage({id: task.id, messages, stored: storeBody(task.bodyFile, release)} satisfies RenderReply)
    },
    (error: unknown) => port.postMessage({id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error)} satisfies RenderReply)
  )
})
