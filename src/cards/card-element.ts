import {cardSize} from '../links/card-links.js'
import {headlineRuns, type HeadlineRun} from './headline-runs.js'

/** What a card shows: all of it, and nothing else, is in its key (see `cardKey`). */
export interface CardFacts {
  /** The headline (a release's title, the newsroom's name). */
  headline: string
  /** The line under it: a release's place and date, the newsroom's description. */
  dateline: string
  /** The name at the top: the release's organization, else the newsroom. */
  brand: string
  /** The line at the bottom right: the newsroom's name or host. */
  footer: string
  /** BCP 47 tag of the headline, so satori picks the right CJK forms. */
  language: string
  /** The organization's logo as a `data:` URL, when it has one the build can read. */
  logo?: string
  colours: {background: string; foreground: string; accent: string}
}

/** An element as satori takes it without JSX: a type, and props with style and children. */
export interface CardNode {
  type: string
  props: {style?: Record<string, string | number>; children?: string | CardNode | CardNode[]; src?: string; width?: number; height?: number; lang?: string}
}

const node = (type: string, style: Record<string, string | number>, children?: CardNode['props']['children']): CardNode => ({
  type,
  props: children === undefined ? {style} : {style, children}
})

/** The longest headline a card shows whole: longer ones end in an ellipsis, since the card cannot scroll. */
const maxHeadline = 160

/**
 * The card of `facts` as satori elements, its text in the font `families` (in fallback order): a coloured panel with
 * brand, headline, dateline and footer, mirrored for a right-to-left headline.
 */
export function cardElement(facts: CardFacts, families: readonly string[]): CardNode {
  const {background, foreground, accent} = facts.colours
  const headline = shorten(facts.headline, maxHeadline)
  const rtl = headlineRuns(headline).direction === 'rtl'
  const row = rtl ? 'row-reverse' : 'row'
  const top: CardNode[] = []
  if (facts.logo !== undefined) top.push({type: 'img', props: {src: facts.logo, height: 64, width: 64, style: {objectFit: 'contain', [rtl ? 'marginLeft' : 'marginRight']: 24}}})
  top.push(text(facts.brand, {fontSize: 30, fontWeight: 700}))
  const title = text(headline, {fontSize: headlineSize(headline), fontWeight: 700, lineHeight: 1.2, width: '100%'}, true)
  title.props.lang = facts.language
  return node(
    'div',
    {display: 'flex', flexDirection: row, width: cardSize.width, height: cardSize.height, backgroundColor: background, color: foreground, fontFamily: families.join(', ')},
    [
      node('div', {display: 'flex', width: 20, height: '100%', backgroundColor: accent}),
      node('div', {display: 'flex', flexDirection: 'column', alignItems: rtl ? 'flex-end' : 'flex-start', flexGrow: 1, padding: rtl ? '56px 64px 52px 72px' : '56px 72px 52px 64px'}, [
        node('div', {display: 'flex', flexDirection: row, alignItems: 'center', height: 64}, top),
        node('div', {display: 'flex', width: 96, height: 8, marginTop: 28, backgroundColor: accent}),
        node('div', {display: 'flex', flexGrow: 1, alignItems: 'center', width: '100%'}, [title]),
        node('div', {display: 'flex', flexDirection: row, justifyContent: 'space-between', alignItems: 'flex-end', width: '100%', fontSize: 26}, [
          // Side by side within the panel's 1,044 pixels: a long host name once ran off the card's edge.
          text(facts.dateline, {fontWeight: 400, opacity: 0.9, maxWidth: 600}),
          text(facts.footer, {fontWeight: 700, color: accent, maxWidth: 420, overflow: 'hidden', flexShrink: 0})
        ])
      ])
    ]
  )
}

/** A headline's size in pixels: as large as its length lets it be in at most four lines. */
function headlineSize(headline: string): number {
  // A CJK character is about as wide as two Latin letters.
  let width = 0
  for (const char of headline) width += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u.test(char) ? 1.9 : 1
  if (width <= 36) return 76
  if (width <= 70) return 64
  if (width <= 110) return 54
  return 44
}

function shorten(text: string, max: number): string {
  const chars = [...text]
  if (chars.length <= max) return text
  const cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/**
 * A block of text. Left-to-right text is one string, which satori breaks into lines itself (between CJK characters
 * too); text with right-to-left words is laid out word by word (see `headlineRuns`), in lines only when `wrap`.
 */
function text(value: string, style: Record<string, string | number>, wrap = false): CardNode {
  const {direction, runs} = headlineRuns(value)
  if (direction === 'ltr' && runs.every((run) => run.direction === 'ltr')) return node('div', {display: 'flex', ...style}, value)
  const gap = Math.round(Number(style.fontSize ?? 26) * 0.28)
  // Reading order follows the paragraph: right to left is a reversed row, wrapped from the right edge.
  const flow = direction === 'rtl' ? 'row-reverse' : 'row'
  const items: CardNode[] = []
  for (const run of runs) {
    if (run.direction === direction) for (const word of run.words) items.push(wordNode(word.parts, run.direction))
    else items.push(...opposite(run, direction, gap))
  }
  // Only the headline wraps: a one-line text laid out as a wrapping row broke before its last word.
  return node('div', {display: 'flex', flexDirection: flow, flexWrap: wrap ? 'wrap' : 'nowrap', columnGap: gap, alignItems: wrap ? 'baseline' : 'center', ...style}, items)
}

/** A word: its punctuation drawn on the side its direction reads towards. */
function wordNode(parts: readonly string[], direction: 'ltr' | 'rtl'): CardNode {
  if (parts.length === 1) return node('span', {}, parts[0])
  return node('div', {display: 'flex', flexDirection: direction === 'rtl' ? 'row-reverse' : 'row'}, parts.map((part) => node('span', {}, part)))
}

/**
 * A run against the paragraph's direction (a company's Latin name in an Arabic headline), kept whole in its own order;
 * punctuation at its outer ends belongs to the paragraph, as in the bidirectional algorithm, so it goes outside.
 */
function opposite(run: HeadlineRun, paragraph: 'ltr' | 'rtl', gap: number): CardNode[] {
  const words = run.words.map((word) => [...word.parts])
  const first = words[0] as string[]
  const last = words.at(-1) as string[]
  const isNeutral = (part: string | undefined) => part !== undefined && !/[\p{L}\p{N}]/u.test(part)
  const before = first.length > 1 && isNeutral(first[0]) ? (first.shift() as string) : undefined
  const after = last.length > 1 && isNeutral(last.at(-1)) ? (last.pop() as string) : undefined
  const inner = node('div', {display: 'flex', flexDirection: run.direction === 'rtl' ? 'row-reverse' : 'row', columnGap: gap}, words.map((parts) => wordNode(parts, run.direction)))
  const group = [...(before === undefined ? [] : [node('span', {}, before)]), inner, ...(after === undefined ? [] : [node('span', {}, after)])]
  // No gap between the run and its own punctuation: they are one word to the reader.
  return [node('div', {display: 'flex', flexDirection: paragraph === 'rtl' ? 'row-reverse' : 'row'}, group)]
}
