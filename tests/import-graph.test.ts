import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'

const src = join(import.meta.dirname, '../src')

/** Every `import … from`, `export … from` and `import('…')` of a module in `src/`, as `from -> to` paths relative to `src/`. */
function sourceImports(): Array<{from: string; to: string}> {
  const edges: Array<{from: string; to: string}> = []
  const files = readdirSync(src, {recursive: true, withFileTypes: true}).filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  for (const entry of files) {
    const from = relative(src, join(entry.parentPath, entry.name)).split('\\').join('/')
    const text = readFileSync(join(src, from), 'utf8')
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const to = join(dirname(from), match[1] as string).split('\\').join('/').replace(/\.js$/, '.ts')
      edges.push({from, to})
    }
  }
  return edges
}

/** The room a module lives in: its folder under `src/`, or the file itself at the top. */
const roomOf = (path: string) => (path.includes('/') ? (path.split('/')[0] as string) : path)

/** The cycles of a graph, each once, as the path that closes it (found by a depth-first search). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return found
}

function graphOf(edges: ReadonlyArray<{from: string; to: string}>, key: (path: string) => string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const {from, to} of edges) {
    const [a, b] = [key(from), key(to)]
    if (a === b) continue
    if (!graph.has(a)) graph.set(a, new Set())
    graph.get(a)?.add(b)
  }
  return graph
}

const edges = sourceImports()
const outputs = new Set(['site', 'feeds', 'newsml', 'search', 'email', 'cards'])
const cacheBlind = new Set(['release', 'render', 'site', 'feeds', 'newsml', 'search', 'email', 'cards', 'store'])
// The CLI (and its formatting helpers), the live preview, the subscription server and the scheduler start builds; nothing else does.
const buildCallers = new Set(['cli.ts', 'cli-support.ts', 'dev', 'server', 'schedule'])

describe('the import graph of src/', () => {
  it('should find the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(200)
    expect(edges).toContainEqual({from: 'cli.ts', to: 'config/load-config.ts'})
  })

  it('should keep the cache out of every stage and output: they hand it plans as data', () => {
    const wrong = edges.filter(({from, to}) => cacheBlind.has(roomOf(from)) && roomOf(to) === 'cache')
    expect(wrong.map(({from, to}) => `${from} -> ${to}`)).toEqual([])
  })

  it('should keep the outputs siblings: site, feeds, NewsML-G2, search and email import none of each other', () => {
    const wrong = edges.filter(({from, to}) => outputs.has(roomOf(from)) && outputs.has(roomOf(to)) && roomOf(from) !== roomOf(to))
    expect(wrong.map(({from, to}) => `${from} -> ${to}`)).toEqual([])
  })

  it('should let only the CLI, the preview and the server import the build layer', () => {
    const wrong = edges.filter(({from, to}) => roomOf(to) === 'build' && roomOf(from) !== 'build' && !buildCallers.has(roomOf(from)))
    expect(wrong.map(({from, to}) => `${from} -> ${to}`)).toEqual([])
  })

  it('should have no loop between folders', () => {
    expect(cycles(graphOf(edges, roomOf)).map((cycle) => cycle.join(' -> '))).toEqual([])
  })

  it('should have no circle between files', () => {
    expect(cycles(graphOf(edges, (path) => path)).map((cycle) => cycle.join(' -> '))).toEqual([])
  })

  it('should tell a loop when there is one', () => {
    const loop = graphOf([{from: 'a/x.ts', to: 'b/y.ts'}, {from: 'b/y.ts', to: 'c/z.ts'}, {from: 'c/z.ts', to: 'a/w.ts'}], roomOf)
    expect(cycles(loop)).toEqual([['a', 'b', 'c', 'a']])
  })
})
