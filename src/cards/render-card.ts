import {readFileSync} from 'node:fs'
import {renderAsync} from '@resvg/resvg-js'
import satori, {type SatoriOptions} from 'satori'
import {cardSize} from '../links/card-links.js'
import {cardElement, type CardFacts} from './card-element.js'
import {fontsOfCard} from './card-facts.js'
import {cardFamilies, type CardFont} from './card-fonts.js'

// The one module that draws with satori (elements to SVG) and resvg (SVG to PNG).

type SatoriFont = SatoriOptions['fonts'][number]

// The bundled CLI is CommonJS and loads satori's CommonJS build, whose default export arrives as `module.exports`
// itself (`{default, init}`), not as the function the ES module build exports.
const drawSvg: typeof satori = typeof satori === 'function' ? satori : (satori as unknown as {default: typeof satori}).default

// Font files read once per process: a build draws many cards from the same few Latin files. Satori keeps what it
// parsed of a font list by the list's identity, so a list with the same files is handed over as the same array.
const fontData = new Map<string, SatoriFont>()
const fontLists = new Map<string, SatoriFont[]>()

function satoriFonts(fonts: readonly CardFont[]): SatoriFont[] {
  const key = fonts.map((font) => font.file).join('\0')
  let list = fontLists.get(key)
  if (list) return list
  list = fonts.map((font) => {
    let data = fontData.get(font.file)
    if (!data) fontData.set(font.file, (data = {name: font.name, data: readFileSync(font.file), weight: font.weight, style: 'normal'}))
    return data
  })
  // Bounded: a newsroom in many scripts would otherwise keep a list per headline.
  if (fontLists.size > 64) fontLists.clear()
  fontLists.set(key, list)
  return list
}

/** Draw the card of `facts` as a PNG of {@link cardSize}. */
export async function renderCard(facts: CardFacts): Promise<Buffer> {
  const fonts = fontsOfCard(facts)
  const svg = await drawSvg(cardElement(facts, cardFamilies(fonts)) as Parameters<typeof satori>[0], {...cardSize, fonts: satoriFonts(fonts)})
  // Satori draws every glyph as a path, so resvg needs no fonts: by default it scanned the system's on every card.
  // Rasterised on libuv's thread pool: meanwhile this thread lays out the next card with satori.
  return (await renderAsync(svg, {fitTo: {mode: 'width', value: cardSize.width}, font: {loadSystemFonts: false}})).asPng()
}
