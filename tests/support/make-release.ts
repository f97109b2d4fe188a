import type {Release} from '../../src/release/release.js'

/** The fields of {@link makeRelease}'s release to override, and its body's HTML as `html`. */
export type ReleaseOverrides = Partial<Omit<Release, 'body'>> & {html?: string}

/** A plausible published release for unit tests of outputs; override any field. */
export function makeRelease(overrides: ReleaseOverrides = {}): Release {
  const {html, ...fields} = overrides
  const fileDate = overrides.fileDate ?? '2025-09-15'
  const slug = overrides.slug ?? 'harbour-grid-pilot'
  const id = `${fileDate}-${slug}`
  const urlPath = `/releases/${id}/`
  return {
    id,
    path: `releases/${id}.md`,
    slug,
    fileDate,
    urlPath,
    url: `https://newsroom.example.com${urlPath}`,
    title: 'Harbour grid pilot connects 40 ferries to shore power',
    dateline: 'ROTTERDAM, Netherlands',
    datelineText: 'ROTTERDAM, Netherlands, Sept. 15, 2025 (GLOBE NEWSWIRE) --',
    displayDate: 'Sept. 15, 2025',
    source: {name: 'Port Energy Alliance', url: 'https://alliance.example.org'},
    date: `${fileDate}T08:00:00+02:00`,
    offsetMinutes: 120,
    timestamp: Date.parse(`${fileDate}T08:00:00+02:00`),
    summary: 'Forty harbour ferries now draw shore power while docked, cutting idle emissions.',
    media: [],
    tags: ['energy', 'ports'],
    subjects: [],
    organizations: [],
    language: 'en',
    distributor: 'GLOBE NEWSWIRE',
    draft: false,
    body: {
      html:
        html ??
        '<p><strong class="dateline">ROTTERDAM, Netherlands, Sept. 15, 2025 (GLOBE NEWSWIRE) --</strong> Forty harbour ferries now draw shore power while docked.</p>\n' +
      '<p>The pilot runs for two years.</p>\n' +
      '<p class="source">Source: <a href="https://alliance.example.org">Port Energy Alliance</a></p>'
    },
    ...fields
  }
}

/** A release in Arabic with an Arabic topic and dateline, for the right-to-left entries of alerts and digests. */
export function makeArabicRelease(overrides: ReleaseOverrides = {}): Release {
  return makeRelease({
    slug: 'mahattat-takhzin',
    title: 'نهر للطاقة تفتتح محطة تخزين جديدة',
    language: 'ar',
    tags: ['تخزين الطاقة'],
    datelineText: 'أبوظبي، الإمارات، 4 مارس 2026 (GLOBE NEWSWIRE) --',
    source: {name: 'Nahr Energy'},
    ...overrides
  })
}
