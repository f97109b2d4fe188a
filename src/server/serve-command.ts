import {stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {createMailTransport, maskSmtpUrl} from '../email/mail-transport.js'
import {PressroomError} from '../report/pressroom-error.js'
import {openStore, storeLocation} from '../store/open-store.js'
import {serverOrigin} from './build-confirmation-message.js'
import {startSubscriptionServer} from './start-subscription-server.js'

/** The options of `pressroom serve`. */
export interface ServeCommandOptions {
  port: number
  host: string
  /** A built site to serve beside the endpoints. */
  out?: string
  /** Behind a reverse proxy: count sign-ups per forwarded client address (`X-Forwarded-For`), not per proxy. */
  trustProxy?: boolean
  cwd?: string
}

const secretHint = 'Set PRESSROOM_SECRET in the environment to the same random string `pressroom digest` uses (at least 16 characters)'

/** `pressroom serve`: run the subscription endpoints (and optionally the site) until SIGTERM or SIGINT. */
export async function runServeCommand(options: ServeCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: {stdout(line: string): void; stderr(line: string): void}): Promise<void> {
  const cwd = options.cwd ?? process.cwd()
  const secret = env.PRESSROOM_SECRET
  if (!secret || secret.length < 16) {
    throw new PressroomError('SECRET_MISSING', secret ? '`PRESSROOM_SECRET` is shorter than 16 characters' : 'Missing `PRESSROOM_SECRET`: it signs the confirm and unsubscribe links', {hint: secretHint})
  }
  if (!env.SMTP_URL) {
    throw new PressroomError('SMTP_URL_MISSING', 'Missing `SMTP_URL`: the server mails confirmation links', {hint: 'Set SMTP_URL, e.g. smtp://user:pass@mail.example.com:587'})
  }
  serverOrigin(config)
  if (!config.email) throw new PressroomError('CONFIG_INVALID', 'Missing `email` in the config, expected at least `email.from`', {hint: 'Add "email": {"from": "Newsroom <news@example.com>"} to the config'})
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new PressroomError('ARGUMENT_INVALID', `Unexpected --port \`${options.port}\`, expected a number from 0 to 65535`, {hint: 'Pass e.g. --port 4100'})
  }
  const outDir = options.out === undefined ? undefined : resolve(cwd, options.out)
  if (outDir !== undefined && !(await stat(outDir).then((info) => info.isDirectory(), () => false))) {
    throw new PressroomError('OUT_DIR_INVALID', `The folder \`${options.out}\` to serve does not exist`, {hint: 'Run `pressroom build` first, or leave out --out to serve the endpoints only'})
  }
  const transport = createMailTransport(env.SMTP_URL, {maxConnections: 2})
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    await transport.verify()
    const server = await startSubscriptionServer({
      port: options.port, host: options.host, configFor: () => config, db: store.db, secret, transport, outDir, trustProxy: options.trustProxy === true,
      log: (line) => io.stderr(line)
    })
    io.stdout(`pressroom serve: listening on ${server.origin} (public address ${serverOrigin(config)}), mail through ${maskSmtpUrl(env.SMTP_URL)}${outDir ? `, serving ${options.out}/` : ''}`)
    const signal = await new Promise<NodeJS.Signals>((done) => {
      process.once('SIGTERM', () => done('SIGTERM'))
      process.once('SIGINT', () => done('SIGINT'))
    })
    io.stdout(`pressroom serve: ${signal}: finishing open requests and mails, then stopping`)
    await server.close()
    io.stdout('pressroom serve: stopped')
  } finally {
    transport.close()
    await store.close()
  }
}
