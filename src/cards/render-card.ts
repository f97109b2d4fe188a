import {readFileSync} from 'node:fs'
import {renderAsync} from '@resvg/resvg-js'
import satori, {type SatoriOptions} from 'satori'
import {cardSize} from '../links/card-links.js'
import {cardElement, type CardFacts} from './card-element.js'
import {fontsOfCard} from './card-facts.js'
import {cardFontFile} from './card-font-file.js'
import {cardFamilies, wordFonts, type CardFont} from './card-fonts.js'

// The one module that draws with satori (elements to SVG) and resvg (SVG to PNG). Satori lays the card out and
// leaves its words as SVG text; resvg shapes and draws them. Satori's own glyph paths skip the font's mark
// positioning, which drew Arabic letters without their dots (ي as ى, ة as ه).

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
  list = fonts.map((font) => satoriFont(font))
  // Bounded: a newsroom in many scripts would otherwise keep a list per headline.
  if (fontLists.size > 64) fontLists.clear()
  fontLists.set(key, list)
  return list
}

function satoriFont(font: CardFont): SatoriFont {
  let data = fontData.get(font.file)
  if (!data) fontData.set(font.file, (data = {name: font.name, data: readFileSync(font.file), weight: font.weight, style: 'normal'}))
  return data
}

/** Draw the card of `facts` as a PNG of {@link cardSize}, with the fonts unpacked into `fontDir` for resvg. */
export async function renderCard(card: CardFacts, fontDir: string): Promise<Buffer> {
  const facts = xmlSafeFacts(card)
  const fonts = fontsOfCard(facts)
  const svg = await drawSvg(cardElement(facts, cardFamilies(fonts)) as Parameters<typeof satori>[0], {...cardSize, fonts: satoriFonts(fonts), embedFont: false})
  // Bold first: a word whose characters span two subsets gets the rest from the first face resvg finds holding them,
  // whatever its weight, and the headline is bold.
  const files = [...fonts].sort((a, b) => b.weight - a.weight).map((font) => cardFontFile(font, satoriFont(font).data as Buffer, fontDir))
  // Only the card's own files: by default resvg scanned the system's fonts on every card.
  // Rasterised on libuv's thread pool: meanwhile this thread lays out the next card with satori.
  const font = {loadSystemFonts: false, fontFiles: files, defaultFontFamily: fonts[0]?.name ?? ''}
  return (await renderAsync(withWordFonts(svg), {fitTo: {mode: 'width', value: cardSize.width}, font})).asPng()
}

/**
 * Satori names the card's whole family list on each word; resvg would draw every word in the first family it has and
 * look for missing characters in any face of any weight. Each word names the subsets that hold it at its weight.
 */
function withWordFonts(svg: string): string {
  return svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (whole, attributes: string, content: string) => {
    const weight = /\bfont-weight="(\d+)"/.exec(attributes)?.[1] === '700' ? 700 : 400
    const families = wordFonts(unescapeXml(content), weight).map((font) => font.name)
    if (families.length === 0) return whole
    return `<text${attributes.replace(/\bfont-family="[^"]*"/, `font-family="${families.map((name) => `'${name}'`).join(',')}"`)}>${content}</text>`
  })
}

// Characters XML 1.0 does not allow (C0 controls but tab and newlines, lone surrogates, U+FFFE and U+FFFF): satori
// copies a word into the SVG as it is, and resvg then refuses the whole document.
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function xmlSafeFacts(facts: CardFacts): CardFacts {
  const safe = (text: string) => text.replace(notXml, '')
  return {...facts, headline: safe(facts.headline), dateline: safe(facts.dateline), brand: safe(facts.brand), footer: safe(facts.footer)}
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#39|#x27);/g, (_, name: string) => ({lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", '#39': "'", '#x27': "'"})[name] as string)
}
