import {afterEach, describe, expect, it, vi} from 'vitest'
import {loadRelease} from '../../src/release/load-release.js'
import {testConfig} from '../support/test-config.js'

const dutch = (slug: string, day: string) =>
  Buffer.from(`---\ntitle: Haven ${slug}\ndateline: ROTTERDAM\nlanguage: nl\ndate: 2025-09-${day}T08:00:00+02:00\nsource: Havenbedrijf\n---\n\nDe haven opent een nieuwe kade.\n`)

describe('validating releases of one language', () => {
  afterEach(() => vi.restoreAllMocks())

  it('should ask ICU once per language and once per date, however many releases share them', async () => {
    const canonical = vi.spyOn(Intl, 'getCanonicalLocales')
    const maximize = vi.spyOn(Intl.Locale.prototype, 'maximize')
    const format = vi.spyOn(Intl.DateTimeFormat.prototype as unknown as {format: unknown}, 'format', 'get')
    const releases = []
    for (const [index, day] of ['15', '15', '15', '16'].entries()) {
      const {file, release} = await loadRelease(`releases/2025-09-${day}-kade-${index}.md`, dutch(`kade-${index}`, day), testConfig())
      expect(file.messages.map(String)).toEqual([])
      releases.push(release)
    }
    expect(releases.map((release) => release?.datelineText)).toEqual([
      'ROTTERDAM, 15 september 2025 (GLOBE NEWSWIRE) --',
      'ROTTERDAM, 15 september 2025 (GLOBE NEWSWIRE) --',
      'ROTTERDAM, 15 september 2025 (GLOBE NEWSWIRE) --',
      'ROTTERDAM, 16 september 2025 (GLOBE NEWSWIRE) --'
    ])
    expect(canonical.mock.calls.filter(([tag]) => tag === 'nl')).toHaveLength(1)
    expect(maximize).toHaveBeenCalledTimes(1)
    // Two dates, 15 and 16 September (`format` is a getter: each read is one date formatted).
    expect(format).toHaveBeenCalledTimes(2)
  })
})
