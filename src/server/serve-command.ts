import {stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {describeMailSettings, mailSettings} from '../email/mail-settings.js'
import {openMailTransport} from '../email/mail-transport.js'
import {PressroomError} from '../report/pressroom-error.js'
import {openStore, storeLocation, type Store} from '../store/open-store.js'
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

// SES bounces and complaints arrive by SNS at /ses/notifications; signatures are checked against certificates fetched
// from SNS hosts only. Loaded with the server, since every POST there needs it at once.
async function sesNotificationReceiver(store: Store, config: Config) {
  const {receiveSesNotification} = await import('../bounces/receive-ses-notification.js')
  const {createCertificateFetcher} = await import('../bounces/verify-sns-message.js')
  const {softBouncePolicy} = await import('../bounces/bounces-command.js')
  const fetchCertificate = createCertificateFetcher()
  const confirm = async (url: string) => {
    const response = await fetch(url, {signal: AbortSignal.timeout(10_000), redirect: 'error'})
    if (!response.ok) throw new Error(`confirming the SNS subscription: HTTP ${response.status}`)
  }
  return (body: string) => receiveSesNotification(body, {store, policy: softBouncePolicy(config), now: Date.now(), fetchCertificate, confirm})
}

const secretHint = 'Set PRESSROOM_SECRET in the environment to the same random string `pressroom digest` uses (at least 16 characters)'

/** `pressroom serve`: run the subscription endpoints (and optionally the site) until SIGTERM or SIGINT. */
export async function runServeCommand(options: ServeCommandOptions, config: Config, env: Readonly<Record<string, string | undefined>>, io: {stdout(line: string): void; stderr(line: string): void}): Promise<void> {
  const cwd = options.cwd ?? process.cwd()
  const secret = env.PRESSROOM_SECRET
  if (!secret || secret.length < 16) {
    throw new PressroomError('SECRET_MISSING', secret ? '`PRESSROOM_SECRET` is shorter than 16 characters' : 'Missing `PRESSROOM_SECRET`: it signs the confirm and unsubscribe links', {hint: secretHint})
  }
  const mail = mailSettings(env, config, 'the server (it mails confirmation links)')
  serverOrigin(config)
  if (!config.email) throw new PressroomError('CONFIG_INVALID', 'Missing `email` in the config, expected at least `email.from`', {hint: 'Add "email": {"from": "Newsroom <news@example.com>"} to the config'})
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new PressroomError('ARGUMENT_INVALID', `Unexpected --port \`${options.port}\`, expected a number from 0 to 65535`, {hint: 'Pass e.g. --port 4100'})
  }
  const outDir = options.out === undefined ? undefined : resolve(cwd, options.out)
  if (outDir !== undefined && !(await stat(outDir).then((info) => info.isDirectory(), () => false))) {
    throw new PressroomError('OUT_DIR_INVALID', `The folder \`${options.out}\` to serve does not exist`, {hint: 'Run `pressroom build` first, or leave out --out to serve the endpoints only'})
  }
  const transport = await openMailTransport(mail, {maxConnections: 2})
  const store = await openStore(storeLocation(config.database, cwd))
  try {
    await transport.verify()
    const server = await startSubscriptionServer({
      port: options.port, host: options.host, configFor: () => config, db: store.db, secret, transport, outDir, trustProxy: options.trustProxy === true,
      sesNotifications: await sesNotificationReceiver(store, config),
      log: (line) => io.stderr(line)
    })
    io.stdout(`pressroom serve: listening on ${server.origin} (public address ${serverOrigin(config)}), mail through ${describeMailSettings(mail)}${outDir ? `, serving ${options.out}/` : ''}`)
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
