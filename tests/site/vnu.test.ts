import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {writeSite} from '../../src/site/write-site.js'
import {checkHtml, formatHtmlProblems} from '../support/check-html.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'
import {sampleReleases} from './sample-releases.js'

const hostile = '</script><script>alert(1)</script> "><img src=x onerror=alert(1)> <!--'
let dir = ''
afterAll(() => rm(dir, {recursive: true, force: true}))

describe('the Nu HTML checker', () => {
  it('should find no error in any page of three differently shaped sites', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-vnu-'))
    const now = Date.parse('2026-01-01T00:00:00Z')
    const full = testConfig({description: 'News from the Example group', subscribeUrl: 'https://lists.example.com/subscribe', pageSize: 2})
    await writeSite({config: full, releases: sampleReleases(), outDir: join(dir, 'full'), now})
    const odd = makeRelease({
      title: `Title ${hostile}`,
      summary: hostile,
      tags: [hostile],
      media: [
        {url: 'https://cdn.example.com/a.mp3', kind: 'audio', caption: hostile},
        {url: 'https://cdn.example.com/b.jpg', kind: 'image'}
      ]
    })
    await writeSite({config: testConfig({baseUrl: 'https://example.com/news'}), releases: [odd], outDir: join(dir, 'hostile'), now})
    await writeSite({config: testConfig(), releases: [], outDir: join(dir, 'empty'), now})

    // One JVM start for every page (and the stylesheet).
    const problems = checkHtml(['--skip-non-html', '--also-check-css', dir])
    expect(problems, formatHtmlProblems(problems)).toEqual([])
  }, 120_000)
})
