import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'
import {readTree} from '../support/read-tree.js'

/** Words each release of the search newsroom holds alone, so a search for one finds that release or nothing. */
export const searchWords = {
  english: 'quayside',
  german: 'Landstromanlage',
  chinese: '储能电站',
  embargoed: 'zephyrquartz',
  draft: 'moonbasalt',
  older: 'kelpmarrow'
}

/** The build's clock: after the published releases, before the embargo. */
export const searchNow = '2026-12-01T12:00:00Z'

const release = (front: string, body: string) => `---\n${front.trim()}\n---\n\n${body.trim()}\n`

/**
 * A newsroom on disk with a release in English, German and Chinese, an embargoed and a draft one, and an English one of
 * the year before (so English is indexed in two shards), each with a word of {@link searchWords} in its body, served
 * under the path prefix `/press`. Both English releases mention the ferry.
 */
export async function makeSearchNewsroom(): Promise<{dir: string; releasesDir: string; remove(): Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-search-'))
  const releasesDir = join(dir, 'releases')
  await mkdir(releasesDir)
  const files: Record<string, string> = {
    '2026-11-02-shore-power.md': release('title: Northwind opens shore power at the ferry terminal\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en', `Northwind today switched on shore power at the ferry terminal, so ships at the ${searchWords.english} berths turn off their engines.\n\nThe plant supplies four berths.`),
    '2026-11-03-landstrom.md': release('title: Northwind nimmt Landstrom am Fährterminal in Betrieb\ndateline: KIEL, Deutschland\nsource: Northwind\nlanguage: de', `Northwind hat heute die ${searchWords.german} am Fährterminal in Betrieb genommen. Die Schiffe schalten ihre Motoren ab.\n\nDie Anlage versorgt vier Liegeplätze.`),
    '2026-11-04-changzhou-storage.md': release('title: 北风公司常州储能项目投入运营\ndateline: 常州, 中国\nsource: 北风公司\nlanguage: zh-Hans', `北风公司今天宣布，其位于常州的${searchWords.chinese}正式投入运营，可为四万户家庭供电。\n\n该项目采用新一代电池技术。`),
    '2026-11-05-embargoed-results.md': release('title: Northwind results for the third quarter\ndateline: OSLO, Norway\nsource: Northwind\nlanguage: en\nembargo: 2027-01-12T07:00:00+01:00', `Northwind reports record ${searchWords.embargoed} revenue for the quarter.`),
    '2025-06-10-ferry-tenders.md': release('title: Northwind orders two electric ferry tenders\ndateline: KIEL, Germany\nsource: Northwind\nlanguage: en', `Northwind today ordered two electric tenders for the ferry line, built to carry ${searchWords.older} samples to the lab.\n\nThey enter service next spring.`),
    '2026-11-06-draft-note.md': release('title: A draft\ndateline: OSLO, Norway\nsource: Northwind\ndraft: true', `The ${searchWords.draft} plan is not public.`)
  }
  for (const [name, text] of Object.entries(files)) await writeFile(join(releasesDir, name), text)
  await writeFile(join(dir, 'pressroom.config.json'), JSON.stringify({title: 'Northwind Newsroom', baseUrl: 'https://news.example/press', language: 'en', timeZone: 'UTC', database: 'data/pressroom.db'}))
  return {dir, releasesDir, remove: () => rm(dir, {recursive: true, force: true})}
}

/** The index data of the search index under `outDir` (its pages, words and metadata), decompressed, as text. */
export async function searchIndexText(outDir: string): Promise<string> {
  const tree = readTree(join(outDir, 'pagefind'))
  return [...tree].filter(([path]) => /\.pf_(?:fragment|index|meta)$/.test(path)).map(([, bytes]) => {
    try {
      return gunzipSync(bytes).toString('utf8')
    } catch {
      return bytes.toString('utf8')
    }
  }).join('\n')
}
