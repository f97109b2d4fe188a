import {describe, expect, it} from 'vitest'
import {claimSends, expireDeadClaims, othersLeaseEnd, releaseClaims, renewClaims, senderId, takenOverNote} from '../../src/store/claim-sends.js'
import {createDigest, listSends, markSending, markSent} from '../../src/store/digest-store.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {addSubscriber, listSubscribers} from '../../src/store/subscriber-store.js'
import {newStoreLocation, storeKinds} from '../support/test-store.js'

/** A store at a new location with `count` active subscribers and one digest to all of them (id 1). */
async function storeWithDigest(kind: (typeof storeKinds)[number], count: number): Promise<{store: Store; location: string}> {
  const location = await newStoreLocation(kind)
  const store = await openStore(location)
  for (let index = 0; index < count; index++) await addSubscriber(store.db, {email: `reader${index}@example.org`})
  await createDigest(store.db, {
    since: undefined,
    until: '2025-09-16T12:00:00.000Z',
    releaseIds: ['2025-09-15-ferry'],
    messageId: (digestId, subscriberId) => `<digest-${digestId}-${subscriberId}@news.example>`,
    skipReason: () => undefined
  }, () => listSubscribers(store.db))
  return {store, location}
}

const ids = (sends: readonly {subscriberId: number}[]) => sends.map((send) => send.subscriberId)

describe.each(storeKinds)('claims on a send (%s)', (kind) => {
  it('should give each recipient to one sender, and the rows of a claim that ran out to another under the same Message-ID', async () => {
    const {store} = await storeWithDigest(kind, 8)
    const {db} = store
    try {
      const [a, b, c] = ['mail-1 100 run-a', 'mail-2 200 run-b', 'mail-3 300 run-c']
      const first = await claimSends(db, 1, {sender: a, leaseMs: 100, limit: 3, now: 1_000})
      const second = await claimSends(db, 1, {sender: b, leaseMs: 10_000, limit: 3, now: 1_010})
      expect(ids(first)).toEqual([1, 2, 3])
      expect(ids(second)).toEqual([4, 5, 6])
      // A began one handoff and then stopped renewing (its host died).
      expect(await markSending(db, 1, 1, {claimer: a})).toBe(true)
      expect(await claimSends(db, 1, {sender: c, leaseMs: 10_000, limit: 10, now: 1_050})).toHaveLength(2)
      const takeover = await claimSends(db, 1, {sender: c, leaseMs: 10_000, limit: 10, now: 1_101})
      expect(ids(takeover)).toEqual([1, 2, 3])
      const inFlight = takeover[0]!
      expect(inFlight).toMatchObject({state: 'pending', resends: 1, lastError: takenOverNote, messageId: '<digest-1-1@news.example>'})
      expect(takeover.slice(1).map((send) => send.resends)).toEqual([0, 0])
      // A wakes up: its claim is gone, so neither its handoff nor its record lands; C's does.
      expect(await markSent(db, 1, 1, '250 from a', {claimer: a})).toBe(false)
      expect(await markSending(db, 1, 2, {claimer: a})).toBe(false)
      expect(await markSending(db, 1, 1, {claimer: c})).toBe(true)
      expect(await markSent(db, 1, 1, '250 from c', {claimer: c})).toBe(true)
      const row = (await listSends(db, 1)).find((send) => send.subscriberId === 1)
      expect(row).toMatchObject({state: 'sent', lastError: '250 from c', attempts: 2, messageId: '<digest-1-1@news.example>'})
    } finally {
      await store.close()
    }
  })

  it('should keep a renewed claim from others, and give back on release what was not begun', async () => {
    const {store} = await storeWithDigest(kind, 4)
    const {db} = store
    try {
      const [a, b] = ['mail-1 100 run-a', 'mail-2 200 run-b']
      expect(await othersLeaseEnd(db, 1, b, 5)).toBe(5)
      expect(ids(await claimSends(db, 1, {sender: a, leaseMs: 100, limit: 2, now: 0}))).toEqual([1, 2])
      expect(await renewClaims(db, 1, a, 100, 90)).toBe(2)
      expect(ids(await claimSends(db, 1, {sender: b, leaseMs: 100, limit: 4, now: 150}))).toEqual([3, 4])
      expect(await othersLeaseEnd(db, 1, b, 150)).toBe(190)
      await markSending(db, 1, 1, {claimer: a})
      expect(await releaseClaims(db, 1, a)).toBe(1)
      expect(ids(await claimSends(db, 1, {sender: b, leaseMs: 100, limit: 4, now: 160}))).toEqual([2])
      expect(await othersLeaseEnd(db, 1, b, 160)).toBe(190)
      // Once A's claim ran out its row is free at once; with every open row B's own, nothing is left to wait for.
      expect(await othersLeaseEnd(db, 1, b, 200)).toBe(200)
      expect(ids(await claimSends(db, 1, {sender: b, leaseMs: 100, limit: 4, now: 200}))).toEqual([1])
      expect(await othersLeaseEnd(db, 1, b, 200)).toBeUndefined()
    } finally {
      await store.close()
    }
  })

  it('should end at once the claims of a killed sender on this host, and leave another host\'s to their lease', async () => {
    const {store} = await storeWithDigest(kind, 4)
    const {db} = store
    try {
      const dead = senderId({host: 'mail-1', pid: 100})
      const elsewhere = senderId({host: 'mail-2', pid: 100})
      await claimSends(db, 1, {sender: dead, leaseMs: 60_000, limit: 2, now: 0})
      await claimSends(db, 1, {sender: elsewhere, leaseMs: 60_000, limit: 2, now: 0})
      const self = {host: 'mail-1', pid: 300, sender: senderId({host: 'mail-1', pid: 300})}
      expect(await expireDeadClaims(db, 1, self, (pid) => pid !== 100, 10)).toEqual([dead])
      expect(ids(await claimSends(db, 1, {sender: self.sender, leaseMs: 60_000, limit: 4, now: 20}))).toEqual([1, 2])
    } finally {
      await store.close()
    }
  })

})

// SQLite has one sender at a time (the send lock); on PostgreSQL senders on several hosts claim at the same moment.
describe('claims on a send (postgres, several connections)', () => {
  it('should let two connections claiming at once take disjoint recipients', async () => {
    const {store, location} = await storeWithDigest('postgres', 60)
    const other = await openStore(location)
    try {
      const claims = await Promise.all(
        Array.from({length: 6}, (_, index) => claimSends(index % 2 === 0 ? store.db : other.db, 1, {sender: `host-${index} ${index + 1} run`, leaseMs: 60_000, limit: 10, now: 0}))
      )
      const all = claims.flatMap(ids).sort((x, y) => x - y)
      expect(all).toEqual(Array.from({length: 60}, (_, index) => index + 1))
    } finally {
      await other.close()
      await store.close()
    }
  })
})
