import {createHmac, timingSafeEqual} from 'node:crypto'

/** Which mailing a copy belongs to: a digest (daily or weekly) or an alert. */
export type CopyKind = 'digest' | 'alert'

/** One recipient's copy of one mailing: what its Message-ID names. */
export interface CopyOfMailing {
  kind: CopyKind
  digestId: number
  subscriberId: number
}

/** What a Message-ID of ours names, and the MAC it carries (`undefined` in the old, unsigned form). */
export interface ReadMessageId extends CopyOfMailing {
  mac: string | undefined
}

const macOf = (copy: CopyOfMailing, secret: string) =>
  // A prefix of its own, so this MAC can never be mistaken for the MAC of a link token signed with the same secret.
  createHmac('sha256', secret).update(`pressroom message-id\n${copy.kind}-${copy.digestId}.${copy.subscriberId}`).digest().subarray(0, 16).toString('hex')

/**
 * The Message-ID of one recipient's copy of one digest or alert, `<digest-ID.SUBSCRIBER.MAC@host>`: the same on every
 * attempt and every sending host, so duplicates can be recognised, and keyed with the newsroom's secret, so nobody
 * can name a copy in a forged complaint by guessing its numbers. Every Message-ID of a copy is made here.
 */
export function copyMessageId(copy: CopyOfMailing, host: string, secret: string): string {
  return `<${copy.kind}-${copy.digestId}.${copy.subscriberId}.${macOf(copy, secret)}@${host}>`
}

// `<digest-1.5.<32 hex>@host>`; the old form (before Message-IDs were keyed) lacks the MAC: `<digest-1.5@host>`.
const ourMessageId = /^<(digest|alert)-(\d+)\.(\d+)(?:\.([0-9a-f]{32}))?@[^<>\s@]+>$/

/** The copy a Message-ID of ours names, signed or in the old form, without checking its MAC; else undefined. */
export function readCopyMessageId(messageId: string): ReadMessageId | undefined {
  const match = ourMessageId.exec(messageId)
  if (!match) return undefined
  return {kind: match[1] as CopyKind, digestId: Number(match[2]), subscriberId: Number(match[3]), mac: match[4]}
}

/** Whether a Message-ID carries the MAC `copyMessageId` gives the copy it names (compared in constant time). */
export function verifyCopyMessageId(messageId: string, secret: string): boolean {
  const read = readCopyMessageId(messageId)
  if (!read?.mac) return false
  return timingSafeEqual(Buffer.from(read.mac, 'hex'), Buffer.from(macOf(read, secret), 'hex'))
}
