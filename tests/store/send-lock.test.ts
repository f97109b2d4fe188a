import {describe, expect, it} from 'vitest'
import {acquireSendLock} from '../../src/store/send-lock.js'
import {openTestStore, storeKinds} from '../support/test-store.js'

describe.each(storeKinds)('acquireSendLock (%s)', (kind) => {
  it('should refuse a second run while the first one is alive, naming it', async () => {
    const {db, close} = await openTestStore(kind)
    await acquireSendLock(db, {host: 'mail-1', pid: 100}, () => true, () => 0)
    await expect(acquireSendLock(db, {host: 'mail-1', pid: 200}, () => true, () => 1_000)).rejects.toThrow('Another digest run is sending (process 100 on mail-1)')
    await expect(acquireSendLock(db, {host: 'mail-2', pid: 300}, () => true, () => 1_000)).rejects.toThrow(expect.objectContaining({code: 'DIGEST_INVALID'}))
    await close()
  })

  it('should take over from a killed process on this host at once, and from another host when its lease ran out', async () => {
    const {db, close} = await openTestStore(kind)
    await acquireSendLock(db, {host: 'mail-1', pid: 100}, () => true, () => 0)
    const second = await acquireSendLock(db, {host: 'mail-1', pid: 200}, (pid) => pid !== 100, () => 1_000)
    await second.renew()
    await expect(acquireSendLock(db, {host: 'mail-2', pid: 300}, () => true, () => 60_000)).rejects.toThrow(/process 200/)
    await acquireSendLock(db, {host: 'mail-2', pid: 300}, () => true, () => 61_001)
    await second.release()
    await expect(acquireSendLock(db, {host: 'mail-1', pid: 400}, () => true, () => 61_002)).rejects.toThrow(/process 300 on mail-2/)
    await close()
  })

  it('should refuse a second run with the same host and PID, as two containers each running PID 1 under one host name', async () => {
    const {db, close} = await openTestStore(kind)
    const first = await acquireSendLock(db, {host: 'newsroom', pid: 1}, () => true, () => 0)
    await expect(acquireSendLock(db, {host: 'newsroom', pid: 1}, () => true, () => 1_000)).rejects.toThrow('Another digest run is sending (process 1 on newsroom)')
    await first.release()
    await acquireSendLock(db, {host: 'newsroom', pid: 1}, () => true, () => 2_000)
    await close()
  })

  it('should let only the run that holds the lock renew or release it, even with the same host and PID', async () => {
    const {db, close} = await openTestStore(kind)
    const first = await acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-a'}, () => true, () => 0)
    // The first run stalled past its lease; the second takes over and the first, waking up, must not free or extend it.
    const second = await acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-b'}, () => true, () => 60_001)
    await first.release()
    await first.renew()
    await expect(acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-c'}, () => true, () => 60_002)).rejects.toThrow(/process 1 on newsroom/)
    await second.release()
    await acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-c'}, () => true, () => 60_003)
    await close()
  })
})
