import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import sharp from 'sharp'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cardSource, fontsOfCard} from '../../src/cards/card-facts.js'
import type {CardFacts} from '../../src/cards/card-element.js'
import {renderCard} from '../../src/cards/render-card.js'
import {cardSize} from '../../src/links/card-links.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

const artifacts = new URL('../artifacts/', import.meta.url)
const colours = {background: '#0b2545', foreground: '#ffffff', accent: '#f2a541'}
const facts = (headline: string, language: string, overrides: Partial<CardFacts> = {}): CardFacts => ({
  headline,
  dateline: 'ROTTERDAM, Netherlands · Sept. 15, 2025',
  brand: 'Port Energy Alliance',
  footer: 'Example Newsroom',
  language,
  colours,
  ...overrides
})

/** The card's pixels, and how many of them differ from the background: a card with no words drawn has almost none. */
async function inkOf(png: Buffer): Promise<{width: number; height: number; ink: number}> {
  const {data, info} = await sharp(png).removeAlpha().raw().toBuffer({resolveWithObject: true})
  let ink = 0
  for (let index = 0; index < data.length; index += 3) if (Math.abs((data[index] as number) - 0x0b) + Math.abs((data[index + 1] as number) - 0x25) + Math.abs((data[index + 2] as number) - 0x45) > 60) ink++
  return {width: info.width, height: info.height, ink}
}

/**
 * How many separate marks (8-connected groups of bright pixels) a grey image has in the box `crop`: an Arabic word
 * drawn right has its letters' dots apart from their bodies, one drawn without them has far fewer.
 */
function marksOf(grey: Uint8Array, width: number, crop: {left: number; top: number; right: number; bottom: number}): number {
  const seen = new Uint8Array(grey.length)
  const bright = (x: number, y: number) => x >= crop.left && x < crop.right && y >= crop.top && y < crop.bottom && (grey[y * width + x] as number) > 128
  let marks = 0
  for (let y = crop.top; y < crop.bottom; y++) {
    for (let x = crop.left; x < crop.right; x++) {
      if (!bright(x, y) || seen[y * width + x]) continue
      marks++
      seen[y * width + x] = 1
      // Each pixel is pushed at most once, so the fill ends within the crop's area.
      const stack = [y * width + x]
      while (stack.length > 0) {
        const at = stack.pop() as number
        const [px, py] = [at % width, Math.floor(at / width)]
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [px + dx, py + dy]
          if (bright(nx, ny) && !seen[ny * width + nx]) {
            seen[ny * width + nx] = 1
            stack.push(ny * width + nx)
          }
        }
      }
    }
  }
  return marks
}

const cases = [
  {name: 'latin', facts: facts('Harbour grid pilot connects 40 ferries to shore power in Rotterdam', 'en')},
  {name: 'newsroom', facts: facts('Northwind Newsroom', 'en', {dateline: 'Press releases from Northwind Energy Systems and its partners.', brand: 'Northwind Energy Systems', footer: 'newsroom.northwind.example'})},
  {name: 'logo', facts: facts('Harbourline opens a night route across the estuary', 'en', {brand: 'Harbourline Ferries Ltd.', logo: `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#1f7a8c"/><path d="M14 38h36l-6 10H20z" fill="#fff"/></svg>').toString('base64')}`})},
  {name: 'chinese', facts: facts('常州电池工厂正式投产，首年创造四百个就业岗位', 'zh-Hans', {dateline: '中国常州 · 2025年9月15日', brand: '北风能源'})},
  {name: 'japanese', facts: facts('北風エネルギー、横浜港で陸上電力の試験運用を開始', 'ja', {dateline: '横浜 · 2025年9月15日'})},
  {name: 'arabic', facts: facts('أكمي تفتتح مصنعها في الدار البيضاء بتكلفة 400 مليون دولار مع Acme Industries.', 'ar', {dateline: 'الدار البيضاء، المغرب · 15 سبتمبر 2025'})},
  {name: 'hebrew', facts: facts('נורת׳וינד פותחת מפעל חדש בחיפה: 400 משרות בשנה הראשונה.', 'he', {dateline: 'חיפה, ישראל · 15 בספטמבר 2025'})}
]

describe('social cards', () => {
  let fontDir: string
  beforeAll(async () => {
    fontDir = join(await mkdtemp(join(tmpdir(), 'pressroom-cards-')), 'card-fonts')
  })
  afterAll(async () => {
    await rm(join(fontDir, '..'), {recursive: true, force: true})
  })

  it('should draw a 1200×630 PNG card in Latin, Chinese, Japanese, Arabic and Hebrew, with words on it', async () => {
    await mkdir(artifacts, {recursive: true})
    for (const {name, facts: card} of cases) {
      const png = await renderCard(card, fontDir)
      const {width, height, ink} = await inkOf(png)
      expect([width, height], name).toEqual([cardSize.width, cardSize.height])
      await writeFile(new URL(`cards-${name}.png`, artifacts), png)
      // The accent stripe and bar alone are about 14,000 pixels: a headline adds tens of thousands more.
      expect(ink, name).toBeGreaterThan(25_000)
    }
  }, 60_000)

  it('should draw the dots of Arabic letters (ي, ة) as HarfBuzz shapes the same word with the same font', async () => {
    // Brand, dateline and footer left empty: the headline alone is between the bar and the bottom of the card.
    const word = 'في تكلفة'
    const png = await renderCard(facts(word, 'ar', {brand: '', dateline: '', footer: ''}), fontDir)
    await writeFile(new URL('cards-arabic-dots.png', artifacts), png)
    const card = await sharp(png).greyscale().raw().toBuffer({resolveWithObject: true})
    // Below the accent bar, left of the accent stripe (on the right of a right-to-left card).
    const onCard = marksOf(card.data, card.info.width, {left: 0, top: 170, right: cardSize.width - 30, bottom: cardSize.height})
    // The reference: Pango (through sharp's text input) shapes with HarfBuzz from the same Noto Sans Arabic file.
    const [font] = fontsOfCard(facts(word, 'ar')).filter((candidate) => candidate.family === 'Noto Sans Arabic' && candidate.weight === 700)
    const reference = await sharp({text: {text: word, font: 'Noto Sans Arabic Bold 76', fontfile: font!.file, dpi: 72, rgba: true}})
      .extractChannel('alpha')
      .raw()
      .toBuffer({resolveWithObject: true})
    const shaped = marksOf(reference.data, reference.info.width, {left: 0, top: 0, right: reference.info.width, bottom: reference.info.height})
    // في has a body and three dots, تكلفة a body and five: drawn without the dots of ي and ة it has four fewer.
    expect(shaped).toBeGreaterThanOrEqual(8)
    expect(onCard).toBe(shaped)
  }, 30_000)

  it('should load only the font subsets a card needs: Chinese files for a Chinese headline, none for a Latin one', () => {
    const files = (card: CardFacts) => fontsOfCard(card).map((font) => font.family)
    const latin = files(cases[0]!.facts)
    expect(new Set(latin)).toEqual(new Set(['Noto Sans']))
    const chinese = files(cases[3]!.facts)
    expect(chinese).toContain('Noto Sans SC')
    expect(chinese.length).toBeLessThan(24)
    expect(new Set(files(cases[5]!.facts))).toEqual(new Set(['Noto Sans', 'Noto Sans Arabic']))
    expect(new Set(files(cases[6]!.facts))).toEqual(new Set(['Noto Sans', 'Noto Sans Hebrew']))
  })

  it('should key a card by what it shows: a new headline or colour changes the key, a new body does not', () => {
    const config = testConfig()
    const release = makeRelease()
    const key = cardSource(config, undefined, process.cwd()).key(cardSource(config, undefined, process.cwd()).release(release))
    const keyOf = (changed: ReturnType<typeof makeRelease>, cfg = config) => {
      const source = cardSource(cfg, undefined, process.cwd())
      return source.key(source.release(changed))
    }
    expect(keyOf(makeRelease({html: '<p>Another body.</p>'}))).toBe(key)
    expect(keyOf(makeRelease({title: 'Another headline'}))).not.toBe(key)
    expect(keyOf(makeRelease({displayDate: 'Sept. 16, 2025'}))).not.toBe(key)
    expect(keyOf(release, testConfig({cards: {...colours, accent: '#ff0000'}}))).not.toBe(key)
  })

  it('should draw a headline with characters XML does not allow, leaving them out, and unpack its fonts into the folder it is given', async () => {
    const png = await renderCard(facts('Harbour\uFFFE grid\u0001 pilot \uD800opens', 'en'), fontDir)
    expect((await inkOf(png)).ink).toBeGreaterThan(25_000)
    expect((await readdir(fontDir)).filter((name) => name.endsWith('.ttf')).length).toBeGreaterThan(0)
  }, 60_000)
})
