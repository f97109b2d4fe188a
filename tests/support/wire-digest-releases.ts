import type {Release} from '../../src/release/release.js'
import {makeRelease} from './make-release.js'

const headlines = [
  'Northwind signs Baltic Ports deal to electrify 12 ferry berths by 2028',
  'Maasstad Ferries orders six battery-electric harbour ferries',
  'Port of Rotterdam opens its second shore-power terminal for cruise ships',
  'Northwind reports record third-quarter orders for grid storage',
  'Harbour grid pilot connects 40 ferries to shore power',
  'Offshore wind link doubles the power available at Waalhaven',
  'Northwind names Dr. Ilse Brandt chief technology officer',
  'Energy ministry funds a shore-power training centre in Delfzijl'
]
const organizations = [
  [{slug: 'northwind', name: 'Northwind Energy Systems', tickers: ['XETRA: NWE']}],
  [{slug: 'maasstad-ferries', name: 'Maasstad Ferries B.V.', tickers: []}, {slug: 'northwind', name: 'Northwind Energy Systems', tickers: []}],
  []
]

/**
 * `count` plausible wire releases for the look and size of a digest, newest first, every other one with an image on the
 * newsroom's production host (whose URL the email must carry as it is).
 */
export function wireDigestReleases(count: number, baseUrl = 'https://newsroom.northwind.example'): Release[] {
  return Array.from({length: count}, (_, index) => {
    const day = String(28 - (index % 27)).padStart(2, '0')
    const slug = `wire-release-${index + 1}`
    const url = `${baseUrl}/releases/2026-11-${day}-${slug}/`
    return makeRelease({
      slug,
      fileDate: `2026-11-${day}`,
      url,
      urlPath: new URL(url).pathname,
      title: headlines[index % headlines.length] as string,
      dateline: index % 3 === 1 ? 'ROTTERDAM, Netherlands' : 'STUTTGART, Germany',
      datelineText: `${index % 3 === 1 ? 'ROTTERDAM, Netherlands' : 'STUTTGART, Germany'}, Nov. ${Number(day)}, 2026 (GLOBE NEWSWIRE) --`,
      summary:
        'Northwind Energy Systems will build and run shore-power connections at twelve ferry berths in four Baltic ports, cutting the emissions of docked ships by up to 90 percent.',
      source: {name: 'Northwind Energy Systems', url: 'https://northwind.example'},
      organizations: organizations[index % organizations.length] ?? [],
      tags: index % 2 === 0 ? ['energy', 'ports'] : ['ferries'],
      media: index % 2 === 0 ? [{url: `${baseUrl}/media/harbour-shore-power.png`, kind: 'image', mimeType: 'image/png', alt: `Ferry berth ${index + 1} with a shore-power cable`}] : []
    })
  })
}
