import {execFileSync} from 'node:child_process'
import {sign} from 'node:crypto'
import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {receiveSesNotification} from '../../src/bounces/receive-ses-notification.js'
import {copyMessageId} from '../../src/email/copy-message-id.js'
import {createMailTransport} from '../../src/email/mail-transport.js'
import {startSubscriptionServer, type SubscriptionServer} from '../../src/server/start-subscription-server.js'
import {openStore, type Store} from '../../src/store/open-store.js'
import {findSubscriber} from '../../src/store/subscriber-store.js'
import {currentSuppression, defaultSoftBouncePolicy} from '../../src/store/suppression-store.js'
import {runDigest, subscribeReaders, testSecret} from '../email/digest-run.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {newStoreLocation, storeKinds} from '../support/test-store.js'

/** The Message-ID of subscriber `n`'s copy of digest 1, as the send keyed it. */
const sentId = (n: number) => copyMessageId({kind: 'digest', digestId: 1, subscriberId: n}, 'newsroom.example.com', testSecret)

const certUrl = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem'
const topic = 'arn:aws:sns:eu-west-1:123456789012:newsroom-ses-feedback'

/** A signed SNS message, as SNS would post it: the fields it signs, in its order, signed with `key`. */
function snsMessage(fields: Record<string, string>, key: string, version: '1' | '2', signingCertUrl = certUrl): Record<string, string> {
  const order = fields.Type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
  const text = order.filter((name) => fields[name] !== undefined).map((name) => `${name}\n${fields[name]}\n`).join('')
  const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(text), key).toString('base64')
  return {...fields, SignatureVersion: version, Signature: signature, SigningCertURL: signingCertUrl}
}

const notification = (messageId: string, body: object) => ({Type: 'Notification', MessageId: messageId, TopicArn: topic, Timestamp: '2025-09-16T12:10:00.000Z', Message: JSON.stringify(body)})
const mail = (id: string, to: string) => ({messageId: '0102019a-ses-id', source: 'newsroom@newsroom.example.com', destination: [to], commonHeaders: {messageId: id, to: [to]}})

describe.each(storeKinds)('SES bounce and complaint notifications posted by SNS to pressroom serve (%s)', (kind) => {
  let smtp: SmtpTestServer
  let store: Store
  let server: SubscriptionServer
  let key: string
  const fetched: string[] = []
  const confirmed: string[] = []
  const logged: string[] = []
  beforeAll(async () => {
    smtp = await startSmtpTestServer()
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], kind === 'postgres' ? {database: await newStoreLocation(kind)} : {})
    await subscribeReaders(newsroom.config.database, 4)
    const run = await runDigest(newsroom.config, {releasesDir: newsroom.releasesDir, now: '2025-09-16T12:00:00Z', cwd: newsroom.dir}, {SMTP_URL: smtp.url})
    expect(run.output).toContain('digest 1: sent 4, failed 0')
    // A key and certificate of our own stand in for SNS's; the verification that checks them is the real one.
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-sns-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=sns.amazonaws.com'], {stdio: 'ignore'})
    key = await readFile(join(dir, 'key.pem'), 'utf8')
    const certificate = await readFile(join(dir, 'cert.pem'), 'utf8')
    store = await openStore(newsroom.config.database)
    server = await startSubscriptionServer({
      port: 0, host: '127.0.0.1', db: store.db, secret: testSecret, transport: createMailTransport(smtp.url, {maxConnections: 1}), configFor: (origin) => ({...newsroom.config, subscribeUrl: `${origin}/subscribe`}),
      log: (line) => logged.push(line),
      sesNotifications: (body) => receiveSesNotification(body, {
        store, policy: defaultSoftBouncePolicy, now: Date.parse('2025-09-16T12:15:00Z'),
        fetchCertificate: async (url) => (fetched.push(url), certificate),
        confirm: async (url) => void confirmed.push(url)
      })
    })
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    await store?.close()
    await smtp?.close()
  })

  const post = async (message: object) => fetch(`${server.origin}/ses/notifications`, {method: 'POST', headers: {'Content-Type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification'}, body: JSON.stringify(message)})
  const statusOf = async (email: string) => (await findSubscriber(store.db, email))?.status

  it('should suppress on a signed permanent bounce (SignatureVersion 1) and a signed complaint (SignatureVersion 2), with evidence', async () => {
    const bounce = notification('11111111-aaaa-4bbb-8ccc-000000000001', {
      notificationType: 'Bounce', mail: mail(sentId(1), 'reader00@example.org'),
      bounce: {bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{emailAddress: 'reader00@example.org', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown'}]}
    })
    expect((await post(snsMessage(bounce, key, '1'))).status).toBe(200)
    const complaint = notification('11111111-aaaa-4bbb-8ccc-000000000002', {
      notificationType: 'Complaint', mail: mail(sentId(2), 'reader01@example.org'),
      complaint: {complainedRecipients: [{emailAddress: 'reader01@example.org'}], complaintFeedbackType: 'abuse'}
    })
    expect((await post(snsMessage(complaint, key, '2'))).status).toBe(200)
    expect(await Promise.all([statusOf('reader00@example.org'), statusOf('reader01@example.org'), statusOf('reader02@example.org')])).toEqual(['unsubscribed', 'unsubscribed', 'active'])
    expect(await currentSuppression(store.db, (await findSubscriber(store.db, 'reader00@example.org'))!.id)).toMatchObject({
      reason: 'bounce', event: {statusCode: '5.1.1', diagnostic: '550 5.1.1 user unknown', source: `ses ${topic}`, reportMessageId: '<11111111-aaaa-4bbb-8ccc-000000000001@sns.amazonaws.com>'}
    })
    expect((await currentSuppression(store.db, (await findSubscriber(store.db, 'reader01@example.org'))!.id))?.reason).toBe('complaint')
    expect(fetched.every((url) => url === certUrl)).toBe(true)
  })

  it('should refuse a tampered message and a certificate from a host other than SNS, changing nothing', async () => {
    const before = await store.db.all('SELECT id, status FROM subscribers ORDER BY id')
    const bounce = notification('11111111-aaaa-4bbb-8ccc-000000000003', {
      notificationType: 'Bounce', mail: mail(sentId(3), 'reader02@example.org'),
      bounce: {bounceType: 'Permanent', bouncedRecipients: [{emailAddress: 'reader02@example.org', status: '5.1.1'}]}
    })
    const signed = snsMessage(bounce, key, '2')
    const tampered = {...signed, Message: signed.Message!.replace('reader02', 'reader03').replace(sentId(3), sentId(4))}
    expect((await post(tampered)).status).toBe(403)
    const fetchedBefore = fetched.length
    expect((await post(snsMessage(bounce, key, '2', 'https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem'))).status).toBe(403)
    expect((await post(snsMessage(bounce, key, '2', 'http://sns.eu-west-1.amazonaws.com/cert.pem'))).status).toBe(403)
    expect(fetched.length).toBe(fetchedBefore)
    expect(await store.db.all('SELECT id, status FROM subscribers ORDER BY id')).toEqual(before)
    expect(logged).toContain('pressroom serve: SES notification: ignored: the signature does not match')
    expect(logged).toContain('pressroom serve: SES notification: ignored: SigningCertURL https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem is not on an SNS host')
  })

  it('should confirm a signed subscription by its SNS SubscribeURL, and only then', async () => {
    const subscribeUrl = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=2336412f37`
    const confirmation = {Type: 'SubscriptionConfirmation', MessageId: '11111111-aaaa-4bbb-8ccc-000000000004', Token: '2336412f37', TopicArn: topic, Message: 'You have chosen to subscribe.', SubscribeURL: subscribeUrl, Timestamp: '2025-09-16T12:00:00.000Z'}
    expect((await post(snsMessage(confirmation, key, '1'))).status).toBe(200)
    expect(confirmed).toEqual([subscribeUrl])
    const elsewhere = {...confirmation, MessageId: '11111111-aaaa-4bbb-8ccc-000000000005', SubscribeURL: 'https://attacker.example/confirm'}
    expect((await post(snsMessage(elsewhere, key, '1'))).status).toBe(400)
    expect(confirmed).toEqual([subscribeUrl])
  })
})
