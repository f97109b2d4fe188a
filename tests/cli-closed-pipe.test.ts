import {spawn} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {createDigest, listSends, markFailed} from '../src/store/digest-store.js'
import {importSubscribers} from '../src/store/import-subscribers.js'
import {openStore} from '../src/store/open-store.js'
import {listSubscribers} from '../src/store/subscriber-store.js'
import {makeDigestNewsroom} from './support/digest-newsroom.js'
import {cliPath} from './support/run-cli.js'

// Far more than a pipe buffers, so the CLI is still writing when the reader goes away.
const count = 20_000

/** Run the real CLI with its stdout read by a reader that closes the pipe after the first chunk, as `| head -n 1` does. */
function runIntoClosingReader(args: string[], cwd: string) {
  const child = spawn(process.execPath, [cliPath, ...args], {cwd, env: {PATH: process.env.PATH ?? '', CI: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
  let firstChunk = ''
  let stderr = ''
  child.stdout.once('data', (chunk: Buffer) => {
    firstChunk = chunk.toString()
    child.stdout.destroy()
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  return new Promise<{code: number | null; signal: NodeJS.Signals | null; firstChunk: string; stderr: string}>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, firstChunk, stderr})
    })
  )
}

async function newsroomWithSubscribers() {
  const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
  const store = await openStore(newsroom.config.database)
  const csv = ['email,name,tags', ...Array.from({length: count}, (_, index) => `reader${index}@example.org,Reader number ${index},energy`)].join('\n')
  expect((await importSubscribers(store.db, csv)).added).toBe(count)
  return {newsroom, store}
}

describe('the CLI writing into a pipe that the reader closes early', () => {
  it('should end `subscribers export | head -n 1` quietly with exit code 0', async () => {
    const {newsroom, store} = await newsroomWithSubscribers()
    await store.close()
    const result = await runIntoClosingReader(['subscribers', 'export'], newsroom.dir)
    expect(result.firstChunk.startsWith('email,name,tags,status,frequency\n')).toBe(true)
    expect(result.stderr).toBe('')
    expect(result).toMatchObject({code: 0, signal: null})
  })

  it('should end `digest --status | head` quietly with exit code 0', async () => {
    const {newsroom, store} = await newsroomWithSubscribers()
    const digest = await createDigest(store.db, {
      since: undefined,
      until: '2025-09-16T12:00:00.000Z',
      releaseIds: ['2025-09-15-ferry-charging'],
      messageId: (digestId, subscriberId) => `<${digestId}.${subscriberId}@newsroom.example.com>`,
      skipReason: () => undefined
    }, () => listSubscribers(store.db))
    await store.db.transaction(async () => {
      for (const send of await listSends(store.db, digest.id)) await markFailed(store.db, digest.id, send.subscriberId, '550 5.1.1 mailbox unavailable')
    })
    await store.close()
    const result = await runIntoClosingReader(['digest', '--status'], newsroom.dir)
    expect(result.firstChunk).toContain(`pressroom: digest ${digest.id} (1 release,`)
    expect(result.stderr).toBe('')
    expect(result).toMatchObject({code: 0, signal: null})
  })
})
