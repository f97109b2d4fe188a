import {cp, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Config} from '../../src/config/config-schema.js'
import {loadConfig} from '../../src/config/load-config.js'
import {createMailTransport} from '../../src/email/mail-transport.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {startSubscriptionServer, type SubscriptionServer} from '../../src/server/start-subscription-server.js'
import type {SubscriptionHandlerOptions} from '../../src/server/create-subscription-handler.js'
import {startSmtpSink, type SmtpSink} from './start-smtp-sink.js'

/** The fixture newsroom the server and preview tests copy. */
export const fixtureNewsroom = new URL('../fixtures/dev-newsroom/', import.meta.url).pathname

/** A secret for tests only. */
export const testSecret = 'test-secret-0123456789abcdef'

/** A subscription server over a copy of the fixture newsroom, a real SQLite file and a real SMTP server. */
export interface TestSubscriptions {
  dir: string
  config: Config
  store: Store
  smtp: SmtpSink
  server: SubscriptionServer
  post(path: string, body: string | URLSearchParams, headers?: Record<string, string>): Promise<Response>
  get(path: string): Promise<Response>
  close(): Promise<void>
}

/** Start everything on 127.0.0.1 with free ports; `close` stops all of it and removes the folder. */
export async function startTestSubscriptions(options: Partial<Pick<SubscriptionHandlerOptions, 'limits' | 'now' | 'trustProxy'>> & {serveOut?: boolean} = {}): Promise<TestSubscriptions> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-serve-'))
  await cp(fixtureNewsroom, dir, {recursive: true})
  const base = loadConfig(join(dir, 'pressroom.config.json'))
  const smtp = await startSmtpSink()
  const store = await openStore(join(dir, base.database))
  const transport = createMailTransport(smtp.url, {maxConnections: 1})
  let config = base as Config
  const server = await startSubscriptionServer({
    port: 0, host: '127.0.0.1', db: store.db, secret: testSecret, transport, limits: options.limits, now: options.now, trustProxy: options.trustProxy,
    outDir: options.serveOut ? join(dir, 'out') : undefined,
    configFor: (origin) => (config = {...base, subscribeUrl: `${origin}/subscribe`})
  })
  return {
    dir, config, store, smtp, server,
    post: (path, body, headers = {}) =>
      fetch(server.origin + path, {method: 'POST', body: String(body), headers: {'content-type': 'application/x-www-form-urlencoded', ...headers}, redirect: 'manual'}),
    get: (path) => fetch(server.origin + path, {redirect: 'manual'}),
    async close() {
      await server.close()
      transport.close()
      await store.close()
      await smtp.close()
      await rm(dir, {recursive: true, force: true})
    }
  }
}
