import sharp from 'sharp'
import {mkdtemp, mkdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ConfigInput} from '../../src/config/config-schema.js'
import {testConfig} from './test-config.js'

/** A release file for a digest test: id parts, tags and an optional image. */
export interface DigestReleaseFile {
  date: string
  slug: string
  title?: string
  tags?: string[]
  image?: boolean
  embargo?: string
  draft?: boolean
}

/** A temporary newsroom for digest tests: release files, a config, and where the SQLite file goes. */
export async function makeDigestNewsroom(releases: readonly DigestReleaseFile[], overrides: Partial<ConfigInput> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-digest-'))
  const releasesDir = join(dir, 'releases')
  await mkdir(releasesDir, {recursive: true})
  for (const release of releases) {
    const lines = [
      '---',
      `title: ${JSON.stringify(release.title ?? `Harbour news for ${release.slug}`)}`,
      'dateline: ROTTERDAM, Netherlands',
      `date: ${release.date}T08:00:00+02:00`,
      'source: {name: Port Energy Alliance, url: "https://alliance.example.org"}',
      `tags: [${(release.tags ?? ['energy']).join(', ')}]`,
      ...(release.image ? ['media: {url: "/media/ferry.jpg", type: image/jpeg, alt: "A ferry at the quay"}'] : []),
      ...(release.embargo ? [`embargo: ${release.embargo}`] : []),
      ...(release.draft ? ['draft: true'] : []),
      '---',
      '',
      `Forty harbour ferries now draw shore power while docked, said the alliance about ${release.slug}.`,
      '',
      'The pilot runs for two years.',
      ''
    ]
    await writeFile(join(releasesDir, `${release.date}-${release.slug}.md`), lines.join('\n'))
  }
  // The picture the releases name: a site-path media file must be in public/, or the build refuses the release.
  await mkdir(join(dir, 'public', 'media'), {recursive: true})
  await writeFile(join(dir, 'public', 'media', 'ferry.jpg'), await sharp({create: {width: 1200, height: 630, channels: 3, background: '#2b6cb0'}}).jpeg().toBuffer())
  const config = testConfig({database: join(dir, 'data', 'pressroom.db'), ...overrides})
  await writeFile(join(dir, 'pressroom.config.json'), JSON.stringify({...config}))
  return {dir, releasesDir, config, configPath: join(dir, 'pressroom.config.json')}
}
