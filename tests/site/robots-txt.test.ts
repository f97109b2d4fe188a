import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {writeSite} from '../../src/site/write-site.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

describe('robots.txt', () => {
  it('should let every crawler in and point it at the sitemap and the news sitemap by absolute URL under baseUrl', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-robots-'))
    try {
      await writeSite({config: testConfig({baseUrl: 'https://example.com/news/'}), releases: [makeRelease()], outDir: dir, now: Date.parse('2026-01-01T00:00:00Z')})
      const lines = (await readFile(join(dir, 'robots.txt'), 'utf8')).split('\n')
      expect(lines).toEqual(['User-agent: *', 'Allow: /', '', 'Sitemap: https://example.com/news/sitemap.xml', 'Sitemap: https://example.com/news/news-sitemap.xml', ''])
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
