import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {attr, byTag, parseHtml} from '../support/html-dom.js'
import {sendingNewsroom} from './digest-run.js'

const base = 'https://newsroom.example.com'

/** Each release picture of a message's HTML part (the logo aside), as src, width and height. */
async function pictures(raw: Buffer): Promise<Array<{src: string; width: string; height: string}>> {
  const html = (await simpleParser(raw)).html || ''
  return byTag(parseHtml(html), 'img')
    .map((img) => ({src: attr(img, 'src') ?? '', width: attr(img, 'width') ?? '', height: attr(img, 'height') ?? ''}))
    .filter((img) => img.src.includes('ferry'))
}

describe('image renditions in sent email', () => {
  it('should link the rendition the build made that fits the email, on the production host with its box, in a real digest and alert', async () => {
    const {smtp, cli, ...newsroom} = await sendingNewsroom([{date: '2025-09-10', slug: 'archive-news'}], [{email: 'instant@example.org', frequency: 'instant'}, {email: 'daily@example.org'}], {config: {timeZone: 'UTC'}})

    // Alerts start with the first build: releases public before it are the archive.
    expect((await cli('build', '--now', '2025-09-15T10:00:00Z')).status).toBe(0)
    expect((await cli('alerts', '--now', '2025-09-15T10:05:00Z')).stdout).toContain('no alerts due')
    const lines = ['---', 'title: Forty ferries draw shore power', 'dateline: ROTTERDAM, Netherlands', 'date: 2025-09-15T06:00:00Z', 'source: {name: Port Energy Alliance}', 'tags: [energy]',
      'media: {url: "/media/ferry.jpg", type: image/jpeg, alt: "A ferry at the quay"}', '---', '', 'Forty ferries now draw shore power, said the alliance.', '']
    await writeFile(join(newsroom.releasesDir, '2025-09-15-ferry-power.md'), lines.join('\n'))
    const built = await cli('build', '--now', '2025-09-15T11:00:00Z')
    expect(built.status, built.stderr).toBe(0)
    const alerts = await cli('alerts', '--now', '2025-09-15T11:05:00Z')
    expect(alerts.status, alerts.stderr).toBe(0)
    const digest = await cli('digest', '--now', '2025-09-15T18:00:00Z')
    expect(digest.status, digest.stderr).toBe(0)

    expect(smtp.accepted.map((message) => message.to).sort()).toEqual(['daily@example.org', 'instant@example.org'])
    for (const message of smtp.accepted) {
      const shown = await pictures(message.raw)
      expect(shown.length, message.to).toBeGreaterThan(0)
      for (const picture of shown) {
        // The build's 960-pixel JPEG (the widest at most twice the 552-pixel lead box), never the 1200-pixel original.
        expect(picture.src, message.to).toMatch(new RegExp(`^${base}/_media/ferry-[0-9a-f]{10}-960\\.jpg$`))
        expect(picture.src).not.toBe(`${base}/media/ferry.jpg`)
        expect({width: picture.width, height: picture.height}).toEqual({width: '552', height: '290'})
        // A file the build put in the out folder, so the production host serves it.
        expect(existsSync(join(newsroom.dir, 'out', new URL(picture.src).pathname)), picture.src).toBe(true)
      }
    }
  })

  it('should link the image as given when no build has made renditions of it yet', async () => {
    const {smtp, cli} = await sendingNewsroom([{date: '2025-09-15', slug: 'ferry-charging', image: true}], [{email: 'daily@example.org'}], {config: {timeZone: 'UTC'}})
    const digest = await cli('digest', '--now', '2025-09-16T12:00:00Z')
    expect(digest.status, digest.stderr).toBe(0)
    expect((await pictures(smtp.accepted[0]!.raw)).map((picture) => picture.src)).toEqual([`${base}/media/ferry.jpg`])
  })
})
