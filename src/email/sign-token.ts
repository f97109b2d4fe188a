import {createHash, createHmac, timingSafeEqual} from 'node:crypto'

/** What a signed link may do: leave the list, confirm a subscription (double opt-in), or open the preference page. */
export type TokenAction = 'unsubscribe' | 'confirm' | 'manage'

/** The signed content of an unsubscribe, confirm or preference-page link. */
export interface TokenPayload {
  subscriberId: number
  /** The list the link belongs to (the List-Id), so a token for one list cannot act on another. */
  list: string
  action: TokenAction
  /** Expiry, ms since the epoch; unsubscribe links normally have none (they must keep working in old mail). */
  expires?: number
}

const encode = (payload: TokenPayload) =>
  [payload.subscriberId, payload.list, payload.action, payload.expires ?? ''].map((part) => encodeURIComponent(String(part))).join('~')

const mac = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest()

/** Sign a payload with HMAC-SHA256: `body.signature`, both base64url, safe in a URL and a mailto. */
export function signToken(payload: TokenPayload, secret: string): string {
  const body = Buffer.from(encode(payload)).toString('base64url')
  return `${body}.${mac(body, secret).toString('base64url')}`
}

/** The payload of a token whose signature holds (compared in constant time) and which has not expired; else undefined. */
export function verifyToken(token: string, secret: string, options: {now?: number; action?: TokenAction} = {}): TokenPayload | undefined {
  const [body, signature, extra] = token.split('.')
  if (body === undefined || signature === undefined || extra !== undefined) return undefined
  // Node's base64 decoder skips characters outside the alphabet, ignores padding and the spare bits of the last
  // character, so many strings decode to one signature. Only the one string signToken writes is accepted: a link
  // has exactly one valid spelling.
  if (!isCanonicalBase64url(body) || !isCanonicalBase64url(signature) || signature.length !== signatureLength) return undefined
  const expected = mac(body, secret)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  let parts: string[]
  try {
    parts = Buffer.from(body, 'base64url').toString('utf8').split('~').map(decodeURIComponent)
  } catch {
    return undefined
  }
  const [id, list, action, expires] = parts
  if (!id || !/^\d+$/.test(id) || list === undefined || !isTokenAction(action)) return undefined
  if (options.action && options.action !== action) return undefined
  const payload: TokenPayload = {subscriberId: Number(id), list, action}
  if (expires) {
    payload.expires = Number(expires)
    if (!(payload.expires > (options.now ?? Date.now()))) return undefined
  }
  return payload
}

/** The SHA-256 of a token (hex): stored to recognise the one link that was mailed, without keeping the link. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The length of an HMAC-SHA256 in unpadded base64url. */
const signatureLength = 43

/** Whether `text` is exactly what Buffer's base64url encoder writes for the bytes it decodes to. */
function isCanonicalBase64url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && text.length % 4 !== 1 && Buffer.from(text, 'base64url').toString('base64url') === text
}

function isTokenAction(action: string | undefined): action is TokenAction {
  return action === 'unsubscribe' || action === 'confirm' || action === 'manage'
}
