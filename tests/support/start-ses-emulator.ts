import {spawn} from 'node:child_process'
import {createServer, request, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {stopChild} from './stop-child.js'
import {freePort} from './loopback-daemon.js'

/** One SendEmail call as it reached the emulator: when, and the raw MIME message it carried. */
export interface SesCall {
  at: number
  raw: Buffer
}

const emulatorCli = join(dirname(createRequire(import.meta.url).resolve('aws-ses-v2-local/package.json')), 'dist', 'cli.js')

/**
 * The SES v2 emulator aws-ses-v2-local, run as a child process on 127.0.0.1, behind a recording pass-through: the
 * emulator keeps the parsed message of a raw send but not its header block, so the raw bytes are kept on the way in.
 * `endpoint` is what AWS_ENDPOINT_URL_SESV2 takes; `emails()` reads the emulator's own store API.
 */
export async function startSesEmulator() {
  const port = await freePort()
  const child = spawn(process.execPath, [emulatorCli, '--host', '127.0.0.1', '--port', String(port)], {stdio: ['ignore', 'pipe', 'pipe']})
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // Bounded: 100 checks a tenth of a second apart.
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}/health-check`).then((response) => response.ok, () => false)
    if (up) break
    if (attempt === 100 || child.exitCode !== null) {
      await stopChild(child, exited)
      throw new Error(`aws-ses-v2-local did not start: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const calls: SesCall[] = []
  const proxy: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const body = Buffer.concat(chunks)
      if (incoming.url === '/v2/email/outbound-emails') {
        const data = (JSON.parse(body.toString('utf8')) as {Content?: {Raw?: {Data?: string}}}).Content?.Raw?.Data
        if (data !== undefined) calls.push({at: Date.now(), raw: Buffer.from(data, 'base64')})
      }
      const forward = request({host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers}, (reply) => {
        outgoing.writeHead(reply.statusCode ?? 502, reply.headers)
        reply.pipe(outgoing)
      })
      forward.on('error', () => outgoing.writeHead(502).end())
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  return {
    endpoint,
    calls,
    /** The emulator's stored messages (GET /store). */
    async emails(): Promise<Array<{messageId: string; from: string; destination: {to: string[]}; subject: string; body: {html?: string; text?: string}}>> {
      const response = await fetch(`http://127.0.0.1:${port}/store`)
      return ((await response.json()) as {emails: never[]}).emails
    },
    async stop() {
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
      await stopChild(child, exited)
    }
  }
}
