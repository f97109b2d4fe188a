import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {extname, join, resolve} from 'node:path'
import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import type {CardFacts} from './card-element.js'
import {cardFonts, fontRecipe, type CardFont} from './card-fonts.js'

/** The drawing of a card as code, in its key: change it whenever `cardElement` draws differently. */
export const cardDesign = '3'

const logoTypes: Record<string, string> = {'.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml'}

/** The fonts a card of `facts` is drawn with: the subsets its words need (see `cardFonts`). */
export function fontsOfCard(facts: CardFacts): CardFont[] {
  return cardFonts([facts.headline, facts.dateline, facts.brand, facts.footer, '…'])
}

/** What the cards of a build show, each found once: the plan keys a card by its facts, the writer draws them. */
export interface CardSource {
  /** A release's card facts. */
  release(release: Release): CardFacts
  /** The home page's card facts. */
  newsroom(): CardFacts
  /** The key of a card: a hash of exactly what it shows and the fonts it is drawn with. */
  key(facts: CardFacts): string
}

/**
 * The card facts of a build with `config`. An organization's logo is shown when it is a file of the public folder
 * (its URL under `baseUrl`), read here; a remote logo is not fetched at build time, and the card shows the name alone.
 */
export function cardSource(config: Config, publicDir: string | undefined, cwd: string): CardSource {
  const logos = new Map<string, string | undefined>()
  const logoOf = (url: string | undefined) => {
    if (url === undefined || publicDir === undefined || !url.startsWith(config.baseUrl + '/')) return undefined
    if (!logos.has(url)) logos.set(url, readLogo(resolve(cwd, publicDir), decodeURIComponent(new URL(url).pathname.slice(new URL(config.baseUrl + '/').pathname.length))))
    return logos.get(url)
  }
  const facts = new WeakMap<Release, CardFacts>()
  // The plan keys every card, and the writer again: each is hashed once.
  const keys = new WeakMap<CardFacts, string>()
  let newsroom: CardFacts | undefined
  const colours = {...config.cards}
  return {
    release(release) {
      let found = facts.get(release)
      if (found) return found
      const organization = release.organizations[0]
      const logo = logoOf(organization?.logo)
      found = {
        headline: release.title,
        dateline: `${release.dateline} · ${release.displayDate}`,
        brand: organization?.name ?? release.source.name,
        footer: config.title,
        language: release.language,
        ...(logo === undefined ? {} : {logo}),
        colours
      }
      facts.set(release, found)
      return found
    },
    newsroom: () => (newsroom ??= {headline: config.title, dateline: config.description, brand: config.publisher?.name ?? config.title, footer: new URL(config.baseUrl).host, language: config.language, colours}),
    key(card) {
      let key = keys.get(card)
      if (key === undefined) keys.set(card, (key = createHash('sha256').update(JSON.stringify([cardDesign, card, fontRecipe(fontsOfCard(card))])).digest('hex').slice(0, 32)))
      return key
    }
  }
}

/** A logo file of the public folder as a `data:` URL, or undefined when it is missing or of a kind a card cannot show. */
function readLogo(publicDir: string, relative: string): string | undefined {
  const type = logoTypes[extname(relative).toLowerCase()]
  const file = join(publicDir, relative)
  // Kept inside the public folder: a logo URL with `..` in it names no file of the site.
  if (type === undefined || !file.startsWith(publicDir + '/')) return undefined
  try {
    return `data:${type};base64,${readFileSync(file).toString('base64')}`
  } catch {
    return undefined
  }
}
