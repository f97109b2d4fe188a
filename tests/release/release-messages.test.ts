import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {formatMessages} from '../../src/cli-support.js'
import {loadReleases} from '../../src/release/load-releases.js'
import {hasFatal} from '../../src/report/report.js'
import {testConfig} from '../support/test-config.js'

const fixtures = join(import.meta.dirname, '../fixtures/release')
const cases = readdirSync(fixtures).sort()
const warningOnly = new Set(['unknown-key'])

describe('release messages', () => {
  it.each(cases)('should report %s exactly as an editor sees it', async (name) => {
    const cwd = join(fixtures, name)
    const {files} = await loadReleases({config: testConfig(), releasesDir: join(cwd, 'releases'), cwd})
    expect(hasFatal(files)).toBe(!warningOnly.has(name))
    await expect(formatMessages(files, false) + '\n').toMatchFileSnapshot(join(cwd, 'messages.txt'))
  })

  it('should name a byte that is not UTF-8 with its line and column', async () => {
    const {loadRelease} = await import('../../src/release/load-release.js')
    const bytes = Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\ndateline: X\nsource: Y\n---\n\nBody.\n')])
    const {file, release} = await loadRelease('releases/2025-09-15-latin1.md', bytes, testConfig())
    expect(release).toBeUndefined()
    expect(file.messages.map(String)).toEqual(['releases/2025-09-15-latin1.md:2:11: Unexpected bytes that are not UTF-8, expected a UTF-8 text file'])
    expect(file.messages[0]?.ruleId).toBe('file-encoding-invalid')
  })
})
