import type {Release} from '../../src/release/release.js'
import {makeRelease} from '../support/make-release.js'

/** Four published releases in three languages: an image, a video, a table, a CJK title. Newest first. */
export function sampleReleases(): Release[] {
  return [
    makeRelease({
      fileDate: '2025-10-02',
      slug: 'offshore-wind-supply-deal',
      id: '2025-10-02-offshore-wind-supply-deal',
      urlPath: '/releases/2025-10-02-offshore-wind-supply-deal/',
      url: 'https://newsroom.example.com/releases/2025-10-02-offshore-wind-supply-deal/',
      title: 'Northsea Cables signs €1.2 billion supply deal for three offshore wind farms',
      subtitle: 'Deliveries start in 2027 and secure 600 jobs at the Eemshaven plant',
      dateline: 'GRONINGEN, Netherlands',
      datelineText: 'GRONINGEN, Netherlands, Oct. 2, 2025 (GLOBE NEWSWIRE) --',
      displayDate: 'Oct. 2, 2025',
      date: '2025-10-02T09:30:00+02:00',
      timestamp: Date.parse('2025-10-02T09:30:00+02:00'),
      source: {name: 'Northsea Cables N.V.', url: 'https://northsea-cables.example.com'},
      summary: 'Northsea Cables will supply export cables for three North Sea wind farms, its largest order to date.',
      tags: ['Energy', 'Offshore Wind'],
      media: [
        {
          url: 'https://newsroom.example.com/media/cable-ship.jpg',
          kind: 'image',
          mimeType: 'image/jpeg',
          caption: 'The cable-laying vessel Nordlys leaving Eemshaven.',
          alt: 'A large cable-laying ship leaving a harbour at dawn'
        }
      ],
      html:
        '<p><strong class="dateline">GRONINGEN, Netherlands, Oct. 2, 2025 (GLOBE NEWSWIRE) --</strong> Northsea Cables N.V. today signed a €1.2 billion agreement to supply high-voltage export cables for three offshore wind farms in the North Sea.</p>\n' +
        '<p>“This order fills our Eemshaven plant until 2030,” said chief executive Marit de Vries.</p>\n' +
        '<table><thead><tr><th>Wind farm</th><th>Capacity</th><th>Cable length</th></tr></thead><tbody><tr><td>Nordlicht I</td><td>980 MW</td><td>142 km</td></tr><tr><td>Hollandse Kust West</td><td>1.4 GW</td><td>96 km</td></tr></tbody></table>\n' +
        '<p class="source">Source: <a href="https://northsea-cables.example.com">Northsea Cables N.V.</a></p>'
    }),
    makeRelease({
      fileDate: '2025-09-20',
      slug: 'jiangsu-germany-dialogue',
      id: '2025-09-20-jiangsu-germany-dialogue',
      urlPath: '/releases/2025-09-20-jiangsu-germany-dialogue/',
      url: 'https://newsroom.example.com/releases/2025-09-20-jiangsu-germany-dialogue/',
      title: '江苏—德国绿色发展对话在常州举行',
      dateline: 'CHANGZHOU, China',
      datelineText: 'CHANGZHOU, China, Sept. 20, 2025 (GLOBE NEWSWIRE) --',
      displayDate: 'Sept. 20, 2025',
      date: '2025-09-20T08:00:00+08:00',
      offsetMinutes: 480,
      timestamp: Date.parse('2025-09-20T08:00:00+08:00'),
      language: 'zh-Hans',
      source: {name: 'Jiangsu-Germany Dialogue 2025'},
      summary: '来自两国的一百余位企业代表在常州讨论氢能、储能和工业脱碳合作。',
      tags: ['Energy', '氢能'],
      html:
        '<p><strong class="dateline">CHANGZHOU, China, Sept. 20, 2025 (GLOBE NEWSWIRE) --</strong> 来自两国的一百余位企业代表在常州讨论氢能、储能和工业脱碳合作。</p>\n' +
        '<p class="source">Source: Jiangsu-Germany Dialogue 2025</p>'
    }),
    makeRelease({
      fileDate: '2025-09-16',
      slug: 'werk-leipzig-erweitert',
      id: '2025-09-16-werk-leipzig-erweitert',
      urlPath: '/releases/2025-09-16-werk-leipzig-erweitert/',
      url: 'https://newsroom.example.com/releases/2025-09-16-werk-leipzig-erweitert/',
      title: 'Werk Leipzig erweitert die Batteriefertigung um 400 Arbeitsplätze',
      dateline: 'LEIPZIG, Germany',
      datelineText: 'LEIPZIG, Germany, Sept. 16, 2025 (GLOBE NEWSWIRE) --',
      displayDate: 'Sept. 16, 2025',
      date: '2025-09-16T10:00:00+02:00',
      timestamp: Date.parse('2025-09-16T10:00:00+02:00'),
      language: 'de',
      source: {name: 'Voltwerk GmbH', url: 'https://voltwerk.example.de'},
      summary: 'Die Voltwerk GmbH investiert 250 Millionen Euro in eine zweite Fertigungslinie für Batteriezellen.',
      tags: ['Manufacturing'],
      media: [
        {url: 'https://newsroom.example.com/media/werk-leipzig.mp4', kind: 'video', mimeType: 'video/mp4', caption: 'Rundgang durch die neue Halle.'}
      ],
      html:
        '<p><strong class="dateline">LEIPZIG, Germany, Sept. 16, 2025 (GLOBE NEWSWIRE) --</strong> Die Voltwerk GmbH investiert 250 Millionen Euro in eine zweite Fertigungslinie.</p>\n' +
        '<p class="source">Source: <a href="https://voltwerk.example.de">Voltwerk GmbH</a></p>'
    }),
    makeRelease()
  ]
}
