import {createServer} from 'node:http'
import type {Config} from '../config/config-schema.js'
import {createSubscriptionHandler, type SubscriptionHandlerOptions} from './create-subscription-handler.js'
import {refuseTunnels} from './guard-requests.js'
import {closeServer, listenOn} from './listen-on.js'

/** A running subscription server. */
export interface SubscriptionServer {
  origin: string
  /** Stop accepting, finish open requests and the confirmation mails being handed over, then resolve. */
  close(): Promise<void>
}

/**
 * Start `pressroom serve` on `host:port`. `configFor` receives the origin actually listened on, so tests on port 0
 * can point `subscribeUrl` (and so every link the server mails) at it.
 */
export async function startSubscriptionServer(
  options: Omit<SubscriptionHandlerOptions, 'config'> & {port: number; host: string; configFor(origin: string): Config}
): Promise<SubscriptionServer> {
  const server = createServer()
  // Slow clients (slowloris) are cut instead of holding sockets; a sign-up needs well under a second.
  server.headersTimeout = 10_000
  server.requestTimeout = 15_000
  refuseTunnels(server)
  const origin = await listenOn(server, options.port, options.host)
  const handler = createSubscriptionHandler({...options, config: options.configFor(origin)})
  server.on('request', handler.handle)
  return {
    origin,
    async close() {
      await closeServer(server)
      await handler.drain()
    }
  }
}
