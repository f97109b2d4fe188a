import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

/** One font file a card is drawn with: a subset of a Noto family at one weight. */
export interface CardFont {
  /**
   * The subset's own family name (`noto-sans-sc-4`): satori keeps one font per family and weight, so subsets that
   * shared their family's name hid each other, and all but one drew empty boxes.
   */
  name: string
  /** The family it is a subset of. */
  family: string
  weight: 400 | 700
  /** Absolute path of the woff file (satori reads woff, not woff2). */
  file: string
}

interface Subset extends CardFont {
  ranges: Array<[number, number]>
}

// The families in the order text falls back through them: Latin first, then each script's own family, and Chinese
// last, since its subsets also hold punctuation of other scripts (the Arabic comma) in Chinese-looking forms.
const packages = [
  {name: 'Noto Sans', module: '@fontsource/noto-sans'},
  {name: 'Noto Sans Arabic', module: '@fontsource/noto-sans-arabic'},
  {name: 'Noto Sans Hebrew', module: '@fontsource/noto-sans-hebrew'},
  {name: 'Noto Sans SC', module: '@fontsource/noto-sans-sc'}
] as const

const require = createRequire(import.meta.url)
let subsets: Subset[] | undefined

/**
 * Every subset of every family at the two weights a card uses, from the packages' own stylesheets: their
 * `unicode-range`s say which file holds which characters, so a card loads only the files its words need.
 */
function allSubsets(): Subset[] {
  if (subsets) return subsets
  subsets = []
  for (const entry of packages) {
    const root = dirname(require.resolve(`${entry.module}/package.json`))
    for (const weight of [400, 700] as const) {
      const css = readFileSync(join(root, `${weight}.css`), 'utf8')
      for (const face of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
        const body = face[1] as string
        const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(body)?.[1]
        const ranges = /unicode-range:\s*([^;]+);/.exec(body)?.[1]
        if (file === undefined || ranges === undefined) continue
        // `files/noto-sans-sc-4-700-normal.woff` is `noto-sans-sc-4` at weight 700.
        const name = file.slice('files/'.length).replace(/-\d00-normal\.woff$/, '')
        subsets.push({name, family: entry.name, weight, file: join(root, file), ranges: parseRanges(ranges)})
      }
    }
  }
  return subsets
}

function parseRanges(text: string): Array<[number, number]> {
  return text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-') as [string, string | undefined]
    const start = Number.parseInt(from.replace(/\?/g, '0'), 16)
    const end = to === undefined ? Number.parseInt(from.replace(/\?/g, 'f'), 16) : Number.parseInt(to, 16)
    return [start, end]
  })
}

/**
 * The font files that draw `texts` at `weights`: for each character, the first family (in fallback order) with a
 * subset that holds it. Characters no family holds are left to satori's fallback (an empty box).
 */
export function cardFonts(texts: readonly string[], weights: ReadonlyArray<400 | 700> = [400, 700]): CardFont[] {
  const codes = new Set<number>()
  for (const text of texts) for (const char of text) codes.add(char.codePointAt(0) as number)
  // Digits and punctuation come from Latin even in a Chinese or Arabic headline: load that subset always.
  codes.add(0x20)
  const chosen = new Map<string, CardFont>()
  for (const weight of weights) for (const code of codes) {
    const font = fontOf(code, weight)
    if (font) chosen.set(font.file, font)
  }
  // In fallback order, each family's subsets by name: the order satori tries them in.
  const rank = (font: CardFont) => packages.findIndex((entry) => entry.name === font.family)
  return [...chosen.values()].sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
}

/**
 * The font files that hold the characters of one `word` at `weight`, the one holding most of them first: a renderer
 * that takes the first family it has and falls back for the rest then draws the word in as few faces as it can.
 */
export function wordFonts(word: string, weight: 400 | 700): CardFont[] {
  const counts = new Map<string, {font: CardFont; count: number}>()
  for (const char of word) {
    const font = fontOf(char.codePointAt(0) as number, weight)
    if (font) counts.set(font.file, {font, count: (counts.get(font.file)?.count ?? 0) + 1})
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).map((entry) => entry.font)
}

function fontOf(code: number, weight: 400 | 700): CardFont | undefined {
  // Found once per character and weight: a build keys every recent card, each character a search of hundreds of subsets.
  const found = fontsFound[weight]
  if (found.has(code)) return found.get(code)
  const subset = allSubsets().find((candidate) => candidate.weight === weight && candidate.ranges.some(([start, end]) => code >= start && code <= end))
  const font = subset && {name: subset.name, family: subset.family, weight: subset.weight, file: subset.file}
  found.set(code, font)
  return font
}

// Bounded by the characters of the cards' texts: at most one entry per Unicode code point.
const fontsFound: Record<400 | 700, Map<number, CardFont | undefined>> = {400: new Map(), 700: new Map()}

/** The family names of `fonts` in fallback order, each once, for satori's `fontFamily`. */
export function cardFamilies(fonts: readonly CardFont[]): string[] {
  return [...new Set(fonts.map((font) => font.name))]
}

/** What a card's fonts are, as text for its key: the files by name and the versions of their packages. */
export function fontRecipe(fonts: readonly CardFont[]): string {
  const versions = packages.map((entry) => `${entry.module}@${(require(`${entry.module}/package.json`) as {version: string}).version}`)
  return JSON.stringify([versions, fonts.map((font) => `${font.weight}/${font.file.slice(font.file.lastIndexOf('/') + 1)}`)])
}
