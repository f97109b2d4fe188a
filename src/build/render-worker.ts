import {parentPort, workerData} from 'node:worker_threads'
import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import type {OrganizationSet} from '../release/organization.js'
import {CacheCorruptError, readStoredBody, storeBody} from '../cache/render-cache.js'
import {loadRelease} from '../release/load-release.js'
import {writeReleasePage} from '../site/render-release-page.js'
import {liquidEngines} from '../liquid/liquid-engines.js'
import {toMessageRecords} from '../render/message-record.js'
import type {PageTask, RenderReply, RenderTask} from './render-pool.js'

// A worker thread of the render pool: its own unified processor (module state), the config sent once at start-up.
const {config, organizations} = workerData as {config: Config; organizations: OrganizationSet}
const port = parentPort
if (!port) throw new Error('render-worker must run as a worker thread')
// A pool lives for one build, so its templates are read once per build, as on the main thread.
const liquidFor = liquidEngines()

// A render that escaped is a bug: its stack goes along. A page that failed is most often a template PR staff edited,
// and LiquidJS's message already points at the line, so the stack would only bury it.
const fail = (id: number, withStack = true) => (error: unknown) =>
  port.postMessage({
    id,
    error: error instanceof Error ? ((withStack ? error.stack : undefined) ?? error.message) : String(error),
    ...(error instanceof CacheCorruptError ? {corrupt: true} : {})
  } satisfies RenderReply)

/**
 * Render one release page and write it, its bodies read from the build cache here when the task has none (async, so a
 * damaged body rejects like a failed render).
 */
async function writePage(task: PageTask): Promise<void> {
  const release: Release = task.bodies ? {...task.release, body: {html: readStoredBody(task.bodies)}} : task.release
  writeReleasePage(liquidFor(task.templatesDir), {release, file: task.file, ...(task.extras ? {extras: task.extras} : {})}, config)
}

port.on('message', (task: RenderTask | PageTask) => {
  if (task.kind === 'page') {
    writePage(task).then(() => port.postMessage({id: task.id, written: true} satisfies RenderReply), fail(task.id, false))
    return
  }
  loadRelease(task.path, task.bytes, config, organizations).then(
    ({file, release, organizations: named}) => {
      const messages = toMessageRecords(file)
      const deps = named === undefined ? {} : {organizations: named}
      if (!release) port.postMessage({id: task.id, messages, ...deps} satisfies RenderReply)
      else if (task.bodyFile === undefined) port.postMessage({id: task.id, messages, release, ...deps} satisfies RenderReply)
      else port.postMessage({id: task.id, messages, stored: storeBody(task.bodyFile, release), ...deps} satisfies RenderReply)
    },
    fail(task.id)
  )
})
