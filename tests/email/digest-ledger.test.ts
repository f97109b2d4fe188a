import {readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterEach, describe, expect, it} from 'vitest'
import {openStore} from '../../src/store/open-store.js'
import {addSubscriber} from '../../src/store/subscriber-store.js'
import {makeDigestNewsroom} from '../support/digest-newsroom.js'
import {runCli, runCliAsync} from '../support/run-cli.js'
import {startSmtpTestServer, type SmtpTestServer} from '../support/smtp-test-server.js'
import {testSecret} from './digest-run.js'

let server: SmtpTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

// A release written by hand, as an editor would: `date` only when given, else the file name's date at 00:00.
const releaseText = (title: string, tags: string[], date?: string) =>
  ['---', `title: ${title}`, 'dateline: ROTTERDAM, Netherlands', ...(date ? [`date: ${date}`] : []), 'source: Port Energy Alliance', `tags: [${tags.join(', ')}]`, '---', '', `${title}, said the alliance.`, ''].join('\n')

/** The release URLs each recipient got, by address, from the plain-text part of every accepted message. */
async function receivedReleases(smtp: SmtpTestServer, from = 0): Promise<Record<string, string[]>> {
  const byAddress: Record<string, string[]> = {}
  for (const message of smtp.accepted.slice(from)) {
    const mail = await simpleParser(message.raw)
    const ids = [...(mail.text ?? '').matchAll(/\/releases\/([\w-]+)\//g)].map((match) => match[1] as string)
    ;(byAddress[message.to] ??= []).push(...new Set(ids))
  }
  for (const ids of Object.values(byAddress)) ids.sort()
  return byAddress
}

describe('pressroom digest picks releases by when they first went public', () => {
  it('should mail a release published after a digest but dated before it, and one with no date, in the next digest to every matching subscriber, once', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging', tags: ['energy']}], {timeZone: 'UTC'})
    const store = await openStore(newsroom.config.database)
    for (const [email, tags] of [['all@example.org', []], ['energy@example.org', ['energy']], ['finance@example.org', ['finance']]] as const) await addSubscriber(store.db, {email, tags: [...tags]})
    await store.close()
    const smtp = (server = await startSmtpTestServer())
    const env = {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}
    const cli = (...args: string[]) => runCliAsync(args, {cwd: newsroom.dir, env})

    expect((await cli('build', '--now', '2025-09-15T12:00:00Z')).status).toBe(0)
    const first = await cli('digest', '--now', '2025-09-15T14:13:00Z')
    expect(first.stderr).not.toMatch(/warning|error/i)
    expect(first.stdout).toContain('digest 1: sent 2, failed 0, skipped 1')
    expect(await receivedReleases(smtp)).toEqual({'all@example.org': ['2025-09-15-ferry-charging'], 'energy@example.org': ['2025-09-15-ferry-charging']})

    // Published after that digest: one dated 13:00Z the same day, one with no date (00:00 in the site's zone).
    await writeFile(join(newsroom.releasesDir, '2025-09-15-late-dated.md'), releaseText('Late-dated quay news', ['energy'], '2025-09-15T13:00:00Z'))
    await writeFile(join(newsroom.releasesDir, '2025-09-15-undated.md'), releaseText('Undated budget news', ['finance']))
    expect((await cli('build', '--now', '2025-09-15T14:30:00Z')).status).toBe(0)
    const second = await cli('digest', '--now', '2025-09-15T15:00:00Z')
    expect(second.stderr).not.toMatch(/warning|error/i)
    expect(second.stdout).toContain('digest 2: sent 3, failed 0, skipped 0')
    expect(await receivedReleases(smtp, 2)).toEqual({
      'all@example.org': ['2025-09-15-late-dated', '2025-09-15-undated'],
      'energy@example.org': ['2025-09-15-late-dated'],
      'finance@example.org': ['2025-09-15-undated']
    })

    // Once: a rebuild and the next digest bring neither back.
    expect((await cli('build', '--now', '2025-09-15T15:30:00Z', '--no-cache')).status).toBe(0)
    const third = await cli('digest', '--now', '2025-09-15T16:00:00Z')
    expect(third.stdout).toBe('pressroom: no new releases since 2025-09-15T15:00:00.000Z; no digest sent\n')
    expect(smtp.accepted).toHaveLength(5)
  })

  it('should record and mail once a back-dated release that no build recorded, when the digest runs without a build', async () => {
    const newsroom = await makeDigestNewsroom([{date: '2025-09-15', slug: 'ferry-charging'}], {timeZone: 'UTC'})
    const store = await openStore(newsroom.config.database)
    await addSubscriber(store.db, {email: 'all@example.org'})
    await store.close()
    const smtp = (server = await startSmtpTestServer())
    const env = {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}
    const cli = (...args: string[]) => runCliAsync(args, {cwd: newsroom.dir, env})

    expect((await cli('digest', '--now', '2025-09-16T12:00:00Z')).stdout).toContain('digest 1: sent 1')
    await writeFile(join(newsroom.releasesDir, '2025-09-10-back-dated.md'), releaseText('Back-dated port news', ['energy'], '2025-09-10T09:00:00Z'))
    expect((await cli('digest', '--now', '2025-09-17T12:00:00Z')).stdout).toContain('digest 2: sent 1')
    expect((await cli('digest', '--now', '2025-09-18T12:00:00Z')).stdout).toBe('pressroom: no new releases since 2025-09-17T12:00:00.000Z; no digest sent\n')
    expect(await receivedReleases(smtp, 1)).toEqual({'all@example.org': ['2025-09-10-back-dated']})
    expect(smtp.accepted).toHaveLength(2)
  })

  it('should cover in the first digest only the releases first published in its window, a week unless the config says otherwise', async () => {
    const releases = [{date: '2025-06-02', slug: 'old-archive'}, {date: '2025-09-01', slug: 'last-month'}, {date: '2025-09-14', slug: 'this-week'}]
    for (const [window, expected] of [[undefined, ['2025-09-14-this-week']], ['30d', ['2025-09-01-last-month', '2025-09-14-this-week']]] as const) {
      const newsroom = await makeDigestNewsroom(releases)
      // As written in the file: the config the helper writes holds the window already converted to milliseconds.
      if (window !== undefined) await writeFile(newsroom.configPath, JSON.stringify({...JSON.parse(await readFile(newsroom.configPath, 'utf8')), digest: {firstWindow: window}}))
      const store = await openStore(newsroom.config.database)
      await addSubscriber(store.db, {email: 'all@example.org'})
      await store.close()
      // The newsroom's archive was on the site before the ledger: its first build takes each release's own date.
      const built = runCli(['build', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir})
      expect(built.status, built.stderr).toBe(0)
      const dryRun = runCli(['digest', '--dry-run', '--out', 'mail', '--now', '2025-09-16T12:00:00Z'], {cwd: newsroom.dir, env: {PRESSROOM_SECRET: testSecret}})
      expect(dryRun.stdout, String(window)).toContain('wrote 1 messages')
      const [name] = await readdir(join(newsroom.dir, 'mail'))
      const text = (await readFile(join(newsroom.dir, 'mail', name as string), 'utf8')).replace(/=\r?\n/g, '')
      const ids = [...new Set([...text.matchAll(/\/releases\/([\w-]+)\//g)].map((match) => match[1] as string))].sort()
      expect(ids, String(window)).toEqual(expected)
    }
  })
})
