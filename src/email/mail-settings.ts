import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {maskSmtpUrl, parseSmtpUrl, type MailSettings} from './mail-transport.js'

export type {MailSettings} from './mail-transport.js'

/** The transports pressroom can send through, as `MAIL_TRANSPORT` and `email.transport` name them. */
export const transportKinds = ['smtp', 'ses'] as const

type Env = Readonly<Record<string, string | undefined>>

/**
 * The transport from `MAIL_TRANSPORT` (else `email.transport` in the config, else smtp). SES takes its region,
 * credentials and endpoint from the standard AWS variables (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, …,
 * `AWS_ENDPOINT_URL_SESV2`); `what` names the sender in the error when nothing is set.
 */
export function mailSettings(env: Env, config: Config, what: string): MailSettings {
  const kind = env.MAIL_TRANSPORT?.trim() || config.email?.transport || 'smtp'
  if (kind === 'ses') return sesSettings(env)
  if (kind !== 'smtp') {
    throw new PressroomError('MAIL_TRANSPORT_INVALID', `Unexpected \`MAIL_TRANSPORT\` \`${kind}\`, expected one of ${transportKinds.join(', ')}`, {
      hint: 'Set MAIL_TRANSPORT=smtp (with SMTP_URL) or MAIL_TRANSPORT=ses (with AWS_REGION and AWS credentials)'
    })
  }
  const smtpUrl = env.SMTP_URL
  if (!smtpUrl) {
    throw new PressroomError('SMTP_URL_MISSING', `Missing \`SMTP_URL\`: ${what} needs a server to send through`, {
      hint: 'Set SMTP_URL, e.g. smtp://user:pass@mail.example.com:587 (or MAIL_TRANSPORT=ses for Amazon SES), or pass --dry-run'
    })
  }
  parseSmtpUrl(smtpUrl)
  return {kind: 'smtp', smtpUrl}
}

function sesSettings(env: Env): MailSettings {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (!region) {
    throw new PressroomError('SES_SETTINGS_INVALID', 'Missing `AWS_REGION`: MAIL_TRANSPORT=ses needs the region of the SES account', {
      hint: 'Set AWS_REGION (e.g. eu-west-1) and the AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile or role)'
    })
  }
  const endpoint = env.AWS_ENDPOINT_URL_SESV2 || env.AWS_ENDPOINT_URL
  if (endpoint !== undefined) {
    let url: URL | undefined
    try {
      url = new URL(endpoint)
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new PressroomError('SES_SETTINGS_INVALID', 'Could not read `AWS_ENDPOINT_URL_SESV2`: expected an http(s) URL', {hint: 'Leave it unset to use the SES endpoint of AWS_REGION'})
    }
  }
  const {AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken} = env
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    // Never echo either value: the message names the variables only.
    throw new PressroomError('SES_SETTINGS_INVALID', 'Incomplete AWS credentials: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither', {
      hint: 'Without both, the AWS SDK looks for a profile (AWS_PROFILE) or an instance or task role'
    })
  }
  const credentials = accessKeyId && secretAccessKey ? {accessKeyId, secretAccessKey, ...(sessionToken ? {sessionToken} : {})} : undefined
  return {kind: 'ses', region, ...(endpoint ? {endpoint} : {}), ...(credentials ? {credentials} : {})}
}

/** Where the messages go, fit for a log line: no password, no key. */
export function describeMailSettings(settings: MailSettings): string {
  if (settings.kind === 'smtp') return maskSmtpUrl(settings.smtpUrl)
  return `Amazon SES (${settings.region}${settings.endpoint ? `, endpoint ${settings.endpoint}` : ''})`
}

/** Messages per second for a send: `--rate` when given, else the config's rate for this transport; undefined: no limit. */
export function sendRate(settings: MailSettings, config: Config, given: number | undefined): number | undefined {
  return given ?? config.email?.rates?.[settings.kind]
}
