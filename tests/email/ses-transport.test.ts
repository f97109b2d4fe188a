import {generateKeyPairSync} from 'node:crypto'
import {simpleParser} from 'mailparser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCliAsync} from '../support/run-cli.js'
import {startSesEmulator} from '../support/start-ses-emulator.js'
import {subscribeReaders, testSecret} from './digest-run.js'

const now = '2025-09-16T12:00:00Z'
const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

describe('pressroom digest through Amazon SES v2', () => {
  let ses: Awaited<ReturnType<typeof startSesEmulator>>
  beforeAll(async () => {
    ses = await startSesEmulator()
  }, 60_000)
  afterAll(async () => ses?.stop())

  it('should deliver a digest through the SES v2 API with its headers intact, at the rate configured for SES, never printing the credentials', async () => {
    // SES takes 4 a second; the SMTP rate must not apply to an SES send.
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}, {date: '2025-09-16', slug: 'quay-lights'}], {
      subscribeUrl: 'https://subscribe.newsroom.example.com/',
      email: {from: 'Example Newsroom <newsroom@newsroom.example.com>', rates: {ses: 4, smtp: 1000}}
    })
    const emails = await subscribeReaders(newsroom.config.database, 5)
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 1024})
    const run = await runCliAsync(['digest', '--now', now], {
      cwd: newsroom.dir,
      env: {
        PRESSROOM_SECRET: testSecret,
        MAIL_TRANSPORT: 'ses',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: awsSecret,
        AWS_ENDPOINT_URL_SESV2: ses.endpoint,
        DKIM_DOMAIN: 'newsroom.example.com',
        DKIM_SELECTOR: 'press',
        DKIM_PRIVATE_KEY: privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
      }
    })
    expect(run.stderr).not.toMatch(/warning/i)
    expect(run.status).toBe(0)
    expect(run.stdout).toContain(`through Amazon SES (eu-west-1, endpoint ${ses.endpoint}) at most 4 a second`)
    expect(run.stdout).toContain('digest 1: sent 5, failed 0')
    expect(run.stdout + run.stderr).not.toContain(awsSecret)

    // What the emulator stored, through its own API.
    const stored = await ses.emails()
    expect(stored.map((email) => email.destination.to[0]).sort()).toEqual(emails)
    for (const email of stored) {
      expect(email.subject).toMatch(/^Harbour news for /)
      expect(email.body.html).toContain('Harbour news for quay-lights')
      expect(email.body.text).toContain('Harbour news for ferry-charging')
    }

    // The raw message SES was handed: every header the SMTP path carries.
    expect(ses.calls).toHaveLength(5)
    const parsed = await Promise.all(ses.calls.map((call) => simpleParser(call.raw)))
    const ids = parsed.map((mail) => mail.messageId).sort()
    expect(ids).toEqual([1, 2, 3, 4, 5].map((subscriberId) => copyMessageId({kind: 'digest', digestId: 1, subscriberId}, 'newsroom.example.com', testSecret)).sort())
    for (const mail of parsed) {
      // As written, unfolded: mailparser turns List-* headers into an object of its own.
      const header = (name: string) => (mail.headerLines.find((line) => line.key === name)?.line ?? '').replace(/\r\n\s+/g, ' ')
      expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/subscribe\.newsroom\.example\.com\/unsubscribe\?token=[^>]+>,\s*<mailto:/)
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
      expect(header('list-id')).toMatch(/<digest\.newsroom\.example\.com>/)
      expect(header('date')).toMatch(/^Date: /)
      expect(header('mime-version')).toBe('MIME-Version: 1.0')
      expect(mail.from?.value).toEqual([{name: 'Example Newsroom', address: 'newsroom@newsroom.example.com'}])
      const dkim = header('dkim-signature').replace(/\s+/g, ' ')
      expect(dkim).toMatch(/d=newsroom\.example\.com;/)
      expect(dkim).toMatch(/s=press;/)
      expect(dkim).toMatch(/h=[^;]*List-Unsubscribe/i)
      expect(mail.html).toContain('Harbour news for quay-lights')
    }
    // Five handoffs at 4 a second, a quarter second apart. The first requests wait for the SDK client to start (its
    // credentials and first connection), so they can arrive together; the last three were handed off after that and
    // arrive two gaps apart (less a timer's slack). At the SMTP rate configured beside it they would be milliseconds apart.
    const times = ses.calls.map((call) => call.at).sort((a, b) => a - b)
    expect(times).toHaveLength(5)
    expect(times.at(-1)! - times.at(-3)!).toBeGreaterThanOrEqual(450)
  }, 120_000)

  it('should refuse MAIL_TRANSPORT=ses without a region, and half-set credentials without printing them', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}])
    await subscribeReaders(newsroom.config.database, 1)
    const noRegion = await runCliAsync(['digest', '--now', now], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret, MAIL_TRANSPORT: 'ses'}})
    expect(noRegion.status).toBe(1)
    expect(noRegion.stderr).toContain('Missing `AWS_REGION`')
    const halfSet = await runCliAsync(['digest', '--now', now], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret, MAIL_TRANSPORT: 'ses', AWS_REGION: 'eu-west-1', AWS_SECRET_ACCESS_KEY: awsSecret}})
    expect(halfSet.status).toBe(1)
    expect(halfSet.stderr).toContain('Incomplete AWS credentials')
    expect(halfSet.stderr).not.toContain(awsSecret)
    expect(ses.calls).toHaveLength(5)
  }, 60_000)
})
