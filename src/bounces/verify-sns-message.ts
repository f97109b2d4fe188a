import {verify} from 'node:crypto'

/** An Amazon SNS message as posted to an HTTPS subscription (the JSON body). */
export interface SnsMessage {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'
  MessageId: string
  TopicArn: string
  Message: string
  Timestamp: string
  SignatureVersion: '1' | '2'
  Signature: string
  SigningCertURL: string
  Subject?: string
  Token?: string
  SubscribeURL?: string
}

/** Fetches the PEM certificate at an SNS signing-certificate URL; injected so tests sign with a key of their own. */
export type FetchCertificate = (url: string) => Promise<string>

// Only SNS itself signs: its certificates are served from sns.<region>.amazonaws.com (.com.cn in China), over https.
const snsHost = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

/** Whether a URL is one SNS would use for its certificate or subscription link: https on an SNS host. */
export function isSnsUrl(text: string | undefined): boolean {
  if (!text) return false
  try {
    const url = new URL(text)
    return url.protocol === 'https:' && snsHost.test(url.hostname) && url.port === '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}

/** The certificate fetcher for production: https from SNS hosts only, bounded in time, each certificate fetched once. */
export function createCertificateFetcher(timeoutMs = 10_000): FetchCertificate {
  const cache = new Map<string, Promise<string>>()
  return (url) => {
    if (!isSnsUrl(url) || !url.endsWith('.pem')) return Promise.reject(new Error(`refusing a signing certificate from ${url}: not an SNS host`))
    let pending = cache.get(url)
    if (!pending) {
      pending = fetch(url, {signal: AbortSignal.timeout(timeoutMs), redirect: 'error'}).then(async (response) => {
        if (!response.ok) throw new Error(`fetching ${url}: HTTP ${response.status}`)
        return response.text()
      })
      // A failure is not kept: the next message tries again.
      pending.catch(() => cache.delete(url))
      cache.set(url, pending)
    }
    return pending
  }
}

/** The fields of a message that SNS signs, in its order, for each message type. */
function stringToSign(message: SnsMessage): string | undefined {
  const keys: ReadonlyArray<keyof SnsMessage> = message.Type === 'Notification'
    ? ['Message', 'MessageId', ...(message.Subject === undefined ? [] : ['Subject' as const]), 'Timestamp', 'TopicArn', 'Type']
    : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
  let text = ''
  for (const key of keys) {
    const value = message[key]
    if (typeof value !== 'string') return undefined
    text += `${key}\n${value}\n`
  }
  return text
}

/**
 * Check an SNS message's signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) against the certificate its
 * SigningCertURL names, which must be on an SNS host. Resolves to the message, or to why it is refused.
 */
export async function verifySnsMessage(body: string, fetchCertificate: FetchCertificate): Promise<{message: SnsMessage} | {problem: string}> {
  let message: SnsMessage
  try {
    message = JSON.parse(body) as SnsMessage
  } catch {
    return {problem: 'the body is not JSON'}
  }
  if (typeof message !== 'object' || message === null || !['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'].includes(message.Type)) {
    return {problem: 'not an SNS message (no known Type)'}
  }
  const algorithm = message.SignatureVersion === '1' ? 'sha1' : message.SignatureVersion === '2' ? 'sha256' : undefined
  if (!algorithm) return {problem: `unknown SignatureVersion ${String(message.SignatureVersion)}`}
  if (!isSnsUrl(message.SigningCertURL) || !message.SigningCertURL.endsWith('.pem')) return {problem: `SigningCertURL ${String(message.SigningCertURL)} is not on an SNS host`}
  const signed = stringToSign(message)
  if (signed === undefined || typeof message.Signature !== 'string') return {problem: 'a signed field is missing'}
  let certificate: string
  try {
    certificate = await fetchCertificate(message.SigningCertURL)
  } catch (error) {
    return {problem: `could not fetch the signing certificate: ${(error as Error).message}`}
  }
  try {
    if (!verify(algorithm, Buffer.from(signed, 'utf8'), certificate, Buffer.from(message.Signature, 'base64'))) return {problem: 'the signature does not match'}
  } catch (error) {
    return {problem: `the signature could not be checked: ${(error as Error).message}`}
  }
  return {message}
}
