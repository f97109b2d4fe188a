import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {writeSite} from '../../src/site/write-site.js'
import {checkHtml, formatHtmlProblems} from '../support/check-html.js'
import {makeRelease} from '../support/make-release.js'
import {runCli} from '../support/run-cli.js'
import {testConfig} from '../support/test-config.js'
import {sampleReleases} from './sample-releases.js'

const hostile = '</script><script>alert(1)</script> "><img src=x onerror=alert(1)> <!--'
let dir = ''
let built = ''
afterAll(() => Promise.all([dir, built].filter(Boolean).map((path) => rm(path, {recursive: true, force: true}))))

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

  it('should find no skipped heading level in a built page whose body starts at ### and has footnotes', async () => {
    built = await mkdtemp(join(tmpdir(), 'pressroom-vnu-built-'))
    await cp(join(import.meta.dirname, '../fixtures/newsroom'), built, {recursive: true})
    const body = await readFile(join(import.meta.dirname, '../fixtures/render/footnotes-under-h3/input.md'), 'utf8')
    const front = '---\ntitle: Acme opens a plant\ndateline: OSLO, Norway\ndate: 2025-09-16T08:00:00+02:00\nsource: Acme Industries\n---\n\n'
    await writeFile(join(built, 'releases/2025-09-16-outline.md'), front + body)
    const result = runCli(['build', '--now', '2025-09-20T12:00:00Z'], {cwd: built})
    expect(result.status, result.stderr).toBe(0)
    const page = join(built, 'out/releases/2025-09-16-outline/index.html')
    expect(await readFile(page, 'utf8')).toContain('data-footnotes')
    const problems = checkHtml([page])
    expect(problems, formatHtmlProblems(problems)).toEqual([])
  }, 120_000)
})
