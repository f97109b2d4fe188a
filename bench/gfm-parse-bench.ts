import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified, type Plugin} from 'unified'
import {remarkGfmGated} from '../src/render/remark-gfm-gated.js'
import {generateCorpus} from './generate-corpus.js'
import {median} from './run-child.js'

// Parse time of the bench corpus's release bodies with plain remark-gfm and with remarkGfmGated, in interleaved rounds
// (each round in another order), as CPU time per release: the machine may be shared, and interleaving spreads its noise
// over all variants alike. `--also=FILE#export` adds a plugin used after remark-gfm (a former version, compiled to JS).
// Run: npx tsc -p tsconfig.bench.json && node bench/.build/bench/gfm-parse-bench.js [--releases=400] [--rounds=9]
const usage = 'node bench/.build/bench/gfm-parse-bench.js [--releases=400] [--rounds=9] [--seed=1] [--also=FILE#export]'
const known = new Set(['releases', 'rounds', 'seed', 'also', 'help'])
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split(/=(.*)/s) as [string, string | undefined]))
const unknown = [...args.keys()].filter((key) => !known.has(key))
if (unknown.length > 0 || args.has('help')) {
  process.stderr.write(`${unknown.length > 0 ? `Unknown option ${unknown.map((key) => `--${key}`).join(', ')}\n` : ''}${usage}\n`)
  process.exit(unknown.length > 0 ? 2 : 0)
}
const count = Number(args.get('releases') ?? 400)
const rounds = Number(args.get('rounds') ?? 9)
const seed = Number(args.get('seed') ?? 1)

/** The bodies of a generated corpus, front matter cut off, as the render stage gets them. */
async function corpusBodies(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-gfm-bench-'))
  try {
    await generateCorpus({dir, count, seed})
    const files = (await readdir(join(dir, 'releases'), {recursive: true})).filter((name) => name.endsWith('.md')).sort()
    const sources = await Promise.all(files.map((name) => readFile(join(dir, 'releases', name), 'utf8')))
    return sources.map((source) => source.slice(source.indexOf('\n---\n') + 5))
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

const variants: Array<{name: string; parse: (markdown: string) => unknown}> = [
  {name: 'remark-gfm', parse: (markdown) => plain.parse(markdown)},
  {name: 'remarkGfmGated', parse: (markdown) => gated.parse(markdown)}
]
const plain = unified().use(remarkParse).use(remarkGfm).freeze()
const gated = unified().use(remarkParse).use(remarkGfmGated).freeze()
const also = args.get('also')
if (also) {
  const [file, name] = also.split('#') as [string, string | undefined]
  const plugin = (await import(pathToFileURL(file).href) as Record<string, Plugin>)[name ?? 'default']
  if (!plugin) throw new Error(`Unexpected --also=${also}: the module has no export ${name ?? 'default'}`)
  const processor = unified().use(remarkParse).use(remarkGfm).use(plugin).freeze()
  variants.push({name: `remark-gfm + ${name ?? 'default'}`, parse: (markdown) => processor.parse(markdown)})
}

const bodies = await corpusBodies()
const kilobytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0) / 1024
process.stdout.write(`${bodies.length} release bodies, ${(kilobytes / bodies.length).toFixed(1)} KiB each on average; ${rounds} rounds\n`)

/** CPU time (user and system, this process) per release of one pass over the corpus, ms. */
function pass(parse: (markdown: string) => unknown): number {
  const start = process.cpuUsage()
  for (const body of bodies) parse(body)
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / bodies.length
}

// A warm-up pass each, so the rounds measure optimized code.
for (const variant of variants) pass(variant.parse)
const times = new Map(variants.map((variant) => [variant.name, [] as number[]]))
for (let round = 0; round < rounds; round++) {
  const order = variants.map((_, index) => variants[(index + round) % variants.length] as (typeof variants)[number])
  for (const variant of order) times.get(variant.name)?.push(pass(variant.parse))
}

const base = median(times.get('remark-gfm') ?? [])
for (const [name, values] of times) {
  const ratios = values.map((value, round) => value / ((times.get('remark-gfm') ?? [])[round] as number))
  process.stdout.write(`${name.padEnd(28)} median ${median(values).toFixed(3)} ms/release (min ${Math.min(...values).toFixed(3)}, max ${Math.max(...values).toFixed(3)}), ` +
    `${((median(values) / base) * 100).toFixed(0)} % of remark-gfm's median, per-round ratio median ${(median(ratios) * 100).toFixed(0)} %\n`)
}
