import type {Release} from '../../src/release/release.js'
import {makeRelease, type ReleaseOverrides} from '../support/make-release.js'

/** A release at `iso` (with offset), its timestamp and offset kept consistent. */
export function releaseAt(iso: string, overrides: ReleaseOverrides = {}): Release {
  const offset = /([+-])(\d\d):(\d\d)$/.exec(iso)
  const offsetMinutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0
  return makeRelease({fileDate: iso.slice(0, 10), date: iso, offsetMinutes, timestamp: Date.parse(iso), ...overrides})
}

/** A small published newsroom, newest first: three offsets, two languages, media with and without a length. */
export function sampleNewsroom(): Release[] {
  return [
    releaseAt('2025-09-16T09:15:00-05:00', {
      slug: 'grid-storage-tender',
      title: 'Northwind opens a tender for 200 MWh of grid storage',
      summary: 'Suppliers may bid until October 31 for four battery sites.',
      tags: ['Energy', 'tenders'],
      source: {name: 'Northwind Energy Systems'},
      media: [{url: '/media/storage-site.jpg', kind: 'image', mimeType: 'image/jpeg', length: 48213, caption: 'The Elm Creek site', alt: 'A gravel yard'}]
    }),
    releaseAt('2025-09-15T00:30:00+08:00', {
      slug: 'changzhou-green-dialogue',
      title: '常州绿色对话：港口与电网',
      summary: '来自十二个港口的代表讨论岸电。',
      tags: ['energy', 'ports'],
      language: 'zh-CN',
      media: [{url: 'https://cdn.example.net/dialogue.mp4', kind: 'video', mimeType: 'video/mp4', caption: 'Opening panel'}]
    }),
    releaseAt('2025-09-14T22:00:00-05:00', {
      slug: 'quarterly-results',
      title: 'Q3 results: revenue up 12 %',
      summary: 'Revenue rose 12 % & margins held.',
      tags: ['finance'],
      html:
        '<p><strong class="dateline">HOUSTON, Texas, Sept. 14, 2025 (GLOBE NEWSWIRE) --</strong> Revenue rose <a href="/reports/q3.pdf">12 %</a>.</p>\n' +
        '<p><img src="../charts/q3.png" alt="Chart"> See <a href="#outlook">the outlook</a>.</p>\n' +
        '<p class="source">Source: <a href="https://alliance.example.org">Port Energy Alliance</a></p>'
    })
  ]
}
