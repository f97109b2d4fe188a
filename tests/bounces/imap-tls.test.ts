import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCliAsync} from '../support/run-cli.js'
import {startDovecot, type TestDovecot} from '../support/start-dovecot.js'

describe('pressroom bounces read from an IMAP mailbox over TLS', () => {
  let dovecot: TestDovecot
  let newsroom: Awaited<ReturnType<typeof makeDigestNewsroom>>
  let imaps: string
  let startTls: string
  beforeAll(async () => {
    dovecot = await startDovecot({tls: true})
    imaps = `imaps://${dovecot.user}@127.0.0.1:${dovecot.imapsPort}/INBOX`
    startTls = `imap://${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`
    newsroom = await makeDigestNewsroom([])
  }, 120_000)
  afterAll(async () => {
    await dovecot?.stop()
  })

  // A message that is no report of ours: the line that ignores it shows it was read.
  const deliverOne = async (name: string) => dovecot.deliver(name, await readFile(join(import.meta.dirname, '../fixtures/bounces', 'forged-unknown-message.eml')))
  const read = (url: string, trusted: boolean) => runCliAsync(['bounces', 'read', url], {cwd: newsroom.dir, env: {PRESSROOM_IMAP_PASSWORD: dovecot.password, ...(trusted ? {NODE_EXTRA_CA_CERTS: dovecot.certificate!} : {})}})
  const logins = () => dovecot.log().split('\n').filter((line) => line.includes('Login: user=<bounces>'))

  it('should refuse a certificate it does not trust in one line that says how to trust it, over imaps and STARTTLS, and read nothing', async () => {
    await deliverOne('1758096101.M1P1.mx')
    for (const url of [imaps, startTls]) {
      const run = await read(url, false)
      expect(run.status).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr.split('\n').filter(Boolean)).toEqual([
        `pressroom: Could not trust the TLS certificate of 127.0.0.1:${url === imaps ? dovecot.imapsPort : dovecot.port} for ${url}: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) [BOUNCE_IMAP_TLS_UNTRUSTED]`,
        '  hint: If the server is yours and its certificate is signed by your own CA (or self-signed), set NODE_EXTRA_CA_CERTS to that PEM file; nothing was read'
      ])
    }
    expect(logins()).toEqual([])
  }, 120_000)

  it('should read over implicit TLS (imaps) with the certificate trusted through NODE_EXTRA_CA_CERTS', async () => {
    const run = await read(imaps, true)
    expect(run.stderr).toBe(`pressroom bounces: ${imaps};UID=1: ignored: <digest-1.99@newsroom.example.com> is no message we sent\n`)
    expect(run.stdout).toBe('pressroom bounces: read 1 messages: 0 suppressed, 0 recorded, 0 already recorded, 1 ignored\n')
    expect(logins()).toHaveLength(1)
    expect(logins()[0]).toMatch(/, TLS, /)
  }, 120_000)

  it('should read over STARTTLS with the certificate trusted through NODE_EXTRA_CA_CERTS, logging in only once the connection is encrypted', async () => {
    await deliverOne('1758096102.M2P1.mx')
    const run = await read(startTls, true)
    expect(run.stderr).toBe(`pressroom bounces: ${startTls};UID=2: ignored: <digest-1.99@newsroom.example.com> is no message we sent\n`)
    expect(run.status).toBe(0)
    expect(logins()).toHaveLength(2)
    expect(logins()[1]).toMatch(/, TLS, /)
  }, 120_000)
})
