import {mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

/** Options of {@link generateCorpus}. */
export interface CorpusOptions {
  /** The folder to (re)create: it receives `releases/` and `pressroom.config.json`. */
  dir: string
  count: number
  seed: number
}

/** A small seeded PRNG (mulberry32): the same seed always gives the same corpus, so runs compare like with like. */
export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  return {next, int, pick}
}

type Random = ReturnType<typeof createRandom>

const words = ('grid storage battery port harbour shore power offshore wind turbine supply contract partner pilot ' +
  'capacity megawatt customer factory plant expansion investment quarter revenue growth order backlog network ' +
  'utility transmission cable substation hydrogen electrolyser efficiency retrofit ferry vessel fleet charging ' +
  'software platform service maintenance region market demand agreement project phase construction delivery ' +
  'milestone research engineering team employees training safety emissions carbon target programme community').split(' ')
const cities = ['HAMBURG, Germany', 'ROTTERDAM, Netherlands', 'CHANGZHOU, China', 'BOSTON, Mass.', 'LYON, France', 'OSLO, Norway', 'AUSTIN, Texas', 'SINGAPORE']
const sources = ['Northwind Energy Systems', 'Northwind Grid Services GmbH', 'Harbour Power Alliance', 'Blue Coast Utilities']
const tags = Array.from({length: 60}, (_, index) => `${words[(index * 7) % words.length]} ${words[(index * 13 + 5) % words.length]}`)
const languages: Array<{tag: string; offset: string}> = [
  {tag: 'en', offset: '-05:00'}, {tag: 'en', offset: '+00:00'}, {tag: 'en', offset: '-05:00'}, {tag: 'de', offset: '+01:00'}, {tag: 'fr', offset: '+01:00'}, {tag: 'zh-Hans', offset: '+08:00'}
]

function sentence(random: Random, length: number): string {
  const parts = Array.from({length}, () => random.pick(words))
  const text = parts.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

function paragraph(random: Random, budget: {left: number}): string {
  const sentences: string[] = []
  for (let index = random.int(3, 5); index > 0 && budget.left > 0; index--) {
    const length = random.int(10, 22)
    budget.left -= length
    let text = sentence(random, length)
    if (random.next() < 0.25) text = text.replace(/ (\w+) /, (_, word: string) => ` [${word}](https://www.example.com/${word}/${random.int(1, 999)}) `)
    if (random.next() < 0.2) text = text.replace(/ (\w+)\./, (_, word: string) => ` **${word}**.`)
    sentences.push(text)
  }
  return sentences.join(' ')
}

function table(random: Random, budget: {left: number}): string {
  const rows = [`| Metric | Q${random.int(1, 4)} this year | Last year | Change |`, '|---|--:|--:|--:|']
  for (let index = random.int(3, 6); index > 0; index--) {
    const now = random.int(100, 900)
    const before = random.int(100, 900)
    rows.push(`| ${random.pick(words)} ${random.pick(words)} | ${now} | ${before} | ${(((now - before) / before) * 100).toFixed(1)} % |`)
    budget.left -= 6
  }
  return rows.join('\n')
}

/** The Markdown body of one generated release. */
export function generateBody(random: Random, id: number): string {
  const budget = {left: random.int(500, 900)}
  const blocks = [paragraph(random, budget), paragraph(random, budget)]
  let section = 0
  while (budget.left > 0 && section < 20) {
    section++
    blocks.push(`## ${sentence(random, random.int(3, 6)).slice(0, -1)}`, paragraph(random, budget))
    const kind = random.int(0, 4)
    if (kind === 0) blocks.push(Array.from({length: random.int(3, 5)}, () => `- ${sentence(random, random.int(5, 10))}`).join('\n'))
    if (kind === 1) blocks.push(table(random, budget))
    if (kind === 2) blocks.push(`> "${sentence(random, random.int(15, 30))}" said ${random.pick(['Anna Berg', 'Li Wei', 'Tom Okafor', 'Katrin Weber'])}, ${random.pick(['CEO', 'CFO', 'head of grid services'])}.`)
    if (kind === 3) blocks.push(`![${sentence(random, 5).slice(0, -1)}](https://cdn.example.com/media/${id}-${section}.jpg "${sentence(random, 6).slice(0, -1)}")`)
    if (kind === 4) blocks.push(Array.from({length: random.int(3, 4)}, (_, index) => `${index + 1}. ${sentence(random, random.int(5, 9))}`).join('\n'))
    budget.left -= 20
  }
  blocks.push('### About Northwind', paragraph(random, {left: 40}), '### Contact', 'Press office, [press@northwind.example](mailto:press@northwind.example), +49 40 000 000')
  return blocks.join('\n\n') + '\n'
}

/** The front matter of one generated release, `---` lines included, a blank line after. */
export function frontMatter(random: Random, id: number, date: string, slug: string): string {
  const language = random.pick(languages)
  const lines = ['---', `title: "${sentence(random, random.int(6, 11)).slice(0, -1)} (${slug})"`]
  if (random.next() < 0.3) lines.push(`subtitle: "${sentence(random, random.int(6, 10)).slice(0, -1)}"`)
  lines.push(`dateline: "${random.pick(cities)}"`, `date: ${date}T${String(random.int(6, 18)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00${language.offset}`)
  const source = random.pick(sources)
  lines.push(random.next() < 0.5 ? `source: "${source}"` : `source:\n  name: "${source}"\n  url: https://www.example.com/${random.int(1, 50)}`)
  lines.push(`language: ${language.tag}`, `tags: [${Array.from({length: random.int(1, 4)}, () => `"${random.pick(tags)}"`).join(', ')}]`)
  if (random.next() < 0.35) {
    lines.push('media:', `  - url: https://cdn.example.com/media/${id}.jpg`, '    type: image/jpeg', `    caption: "${sentence(random, 7).slice(0, -1)}"`, `    length: ${random.int(20_000, 900_000)}`)
  }
  if (random.next() < 0.2) lines.push(`summary: "${sentence(random, random.int(10, 18)).slice(0, -1)}"`)
  if (random.next() < 0.01) lines.push('draft: true')
  lines.push('---', '')
  return lines.join('\n')
}

/** The config every generated newsroom gets; the Eleventy peer reads its sizes and address too. */
export const corpusConfig = {
  title: 'Bench Newsroom',
  description: 'A generated newsroom for the pressroom benchmark.',
  baseUrl: 'https://newsroom.bench.example',
  language: 'en',
  timeZone: 'Europe/Berlin',
  distributor: 'GLOBE NEWSWIRE',
  pageSize: 20,
  feedSize: 50,
  publisher: {name: 'Northwind Energy Systems'},
  email: {from: 'Bench Newsroom <newsroom@bench.example>'}
}

/** Write `count` realistic releases (500-900 words, headings, lists, links, tables, quotes, media) and a config. */
export async function generateCorpus(options: CorpusOptions): Promise<void> {
  const random = createRandom(options.seed)
  await rm(options.dir, {recursive: true, force: true})
  const day = 86_400_000
  const newest = Date.parse('2026-10-31T00:00:00Z')
  const made = new Set<string>()
  for (let id = 0; id < options.count; id++) {
    const date = new Date(newest - Math.floor(id / 3) * day).toISOString().slice(0, 10)
    const slug = `${random.pick(words)}-${random.pick(words)}-${id}`
    const folder = join(options.dir, 'releases', date.slice(0, 4))
    if (!made.has(folder)) await mkdir(folder, {recursive: true})
    made.add(folder)
    await writeFile(join(folder, `${date}-${slug}.md`), frontMatter(random, id, date, slug) + '\n' + generateBody(random, id))
  }
  await writeFile(join(options.dir, 'pressroom.config.json'), JSON.stringify(corpusConfig, null, 2) + '\n')
}
