import {describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {acquireSendLock} from '../../src/store/send-lock.js'

describe('acquireSendLock', () => {
  it('should refuse a second run while the first one is alive, naming it', () => {
    const {db, close} = openStore(':memory:')
    acquireSendLock(db, {host: 'mail-1', pid: 100}, () => true, () => 0)
    expect(() => acquireSendLock(db, {host: 'mail-1', pid: 200}, () => true, () => 1_000)).toThrow('Another digest run is sending (process 100 on mail-1)')
    expect(() => acquireSendLock(db, {host: 'mail-2', pid: 300}, () => true, () => 1_000)).toThrow(expect.objectContaining({code: 'DIGEST_INVALID'}))
    close()
  })

  it('should take over from a killed process on this host at once, and from another host when its lease ran out', () => {
    const {db, close} = openStore(':memory:')
    acquireSendLock(db, {host: 'mail-1', pid: 100}, () => true, () => 0)
    const second = acquireSendLock(db, {host: 'mail-1', pid: 200}, (pid) => pid !== 100, () => 1_000)
    second.renew()
    expect(() => acquireSendLock(db, {host: 'mail-2', pid: 300}, () => true, () => 60_000)).toThrow(/process 200/)
    acquireSendLock(db, {host: 'mail-2', pid: 300}, () => true, () => 61_001)
    second.release()
    expect(() => acquireSendLock(db, {host: 'mail-1', pid: 400}, () => true, () => 61_002)).toThrow(/process 300 on mail-2/)
    close()
  })

  it('should refuse a second run with the same host and PID, as two containers each running PID 1 under one host name', () => {
    const {db, close} = openStore(':memory:')
    const first = acquireSendLock(db, {host: 'newsroom', pid: 1}, () => true, () => 0)
    expect(() => acquireSendLock(db, {host: 'newsroom', pid: 1}, () => true, () => 1_000)).toThrow('Another digest run is sending (process 1 on newsroom)')
    first.release()
    acquireSendLock(db, {host: 'newsroom', pid: 1}, () => true, () => 2_000)
    close()
  })

  it('should let only the run that holds the lock renew or release it, even with the same host and PID', () => {
    const {db, close} = openStore(':memory:')
    const first = acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-a'}, () => true, () => 0)
    // The first run stalled past its lease; the second takes over and the first, waking up, must not free or extend it.
    const second = acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-b'}, () => true, () => 60_001)
    first.release()
    first.renew()
    expect(() => acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-c'}, () => true, () => 60_002)).toThrow(/process 1 on newsroom/)
    second.release()
    acquireSendLock(db, {host: 'newsroom', pid: 1, runId: 'run-c'}, () => true, () => 60_003)
    close()
  })
})
