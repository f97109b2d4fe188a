import {fork, type ChildProcess} from 'node:child_process'
import {join} from 'node:path'
import {benchDir} from './bench-paths.js'

/** Which SMTP sink to run: the lean node:net one (default) or smtp-server, kept to compare against. */
export type SinkKind = 'lean' | 'smtp-server'

/** What the bench asks the sink process. */
export type SinkRequest = {type: 'reset' | 'report' | 'close'; id: number}

/** What the sink process answers; `arrivals` are its own performance.now() times, so only their spacing means anything. */
export type SinkReply =
  | {type: 'ready'; port: number}
  | {type: 'reset'; id: number}
  | {type: 'report'; id: number; arrivals: number[]; first?: Uint8Array}

/** A sink running in its own process on 127.0.0.1. */
export interface SinkProcess {
  kind: SinkKind
  port: number
  /** Forget the arrivals and the first message. */
  reset(): Promise<void>
  /** Arrival times since the last reset, and the first message whole (so a baseline can send one like it). */
  report(): Promise<{arrivals: number[]; first: Buffer | undefined}>
  close(): Promise<void>
}

const replyTimeoutMs = 30_000

/** Fork the sink process and wait until it listens. */
export async function startSinkProcess(kind: SinkKind): Promise<SinkProcess> {
  const child: ChildProcess = fork(join(benchDir, '.build', 'bench', 'sink-process.js'), [kind], {serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc']})
  let nextId = 0
  const waiting = new Map<number, (reply: SinkReply) => void>()
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SMTP sink process did not start within 30 s')), replyTimeoutMs)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the SMTP sink process exited (${code}) before it listened`)))
    child.on('message', (reply: SinkReply) => {
      if (reply.type === 'ready') {
        clearTimeout(timer)
        resolve(reply.port)
      } else waiting.get(reply.id)?.(reply)
    })
  })
  const ask = (type: SinkRequest['type']) =>
    new Promise<SinkReply>((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        waiting.delete(id)
        reject(new Error(`the SMTP sink process did not answer ${type} within 30 s`))
      }, replyTimeoutMs)
      waiting.set(id, (reply) => {
        clearTimeout(timer)
        waiting.delete(id)
        resolve(reply)
      })
      child.send({type, id} satisfies SinkRequest)
    })
  return {
    kind,
    port,
    reset: async () => void (await ask('reset')),
    async report() {
      const reply = await ask('report')
      if (reply.type !== 'report') throw new Error(`unexpected reply ${reply.type} from the SMTP sink process`)
      return {arrivals: reply.arrivals, first: reply.first && Buffer.from(reply.first)}
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.send({type: 'close', id: nextId++} satisfies SinkRequest)
      })
  }
}
