import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import {cardPaths, hasCard} from '../links/card-links.js'
import type {OutputPlan} from '../plan/output-plan.js'
import {publishedReleases, type Release} from '../release/release.js'
import type {CardFacts} from './card-element.js'
import type {CardSource} from './card-facts.js'

/** Where drawn cards are kept between builds, by key: the build cache's folder of cards. */
export interface CardStore {
  read(key: string): Buffer | undefined
  write(key: string, png: Buffer): void
  /** Forget every card but those of `keys`: each edited headline would otherwise leave its old card behind. */
  keepOnly(keys: ReadonlySet<string>): void
}

/** What the cards writer reads of a build. */
export interface CardsContext {
  config: Config
  /** Published releases only, newest first. */
  releases: readonly Release[]
  outDir: string
  now: number
  /** Site paths of outputs the last build wrote whose keys are unchanged: already in place, so not written. */
  unchanged?: ReadonlySet<string>
}

/** What the composition root lends the cards writer: the facts of this build, the store, and a count of drawings. */
export interface CardsOptions {
  source: CardSource
  /** Without one (a build without cache) every card is drawn. */
  store?: CardStore
  /** Called once per card drawn (not per card taken from the store). */
  onRender?: () => void
  /** Where the card fonts are unpacked for resvg, once (see `cardFontFile`): a folder of the build cache. */
  fontDir: string
  /** Called after every {@link drawingsPerCollection} cards drawn; default: a full collection (see `collectGarbage`). */
  collect?: () => void
}

/**
 * Cards drawn between two full collections: each drawing's native memory (its pixels, the fonts resvg loaded) is freed
 * only when V8 collects the object holding it, so this bounds how many drawings' worth a build holds at once.
 */
export const drawingsPerCollection = 8

/** Every card of a newsroom: one per release the build gave its own (see `ownCard`), and the home page's, by site path. */
function cards(releases: readonly Release[], source: CardSource): Array<{path: string; facts: () => CardFacts}> {
  const list = [{path: cardPaths.newsroom, facts: () => source.newsroom()}]
  for (const release of releases) if (release.ownCard === true && hasCard(release)) list.push({path: cardPaths.release(release.id), facts: () => source.release(release)})
  return list
}

/** The cards a rebuild may keep, as data: each keyed by what it shows alone, so editing a body keeps its card. */
export function cardsPlan(releases: readonly Release[], source: CardSource): OutputPlan[] {
  return cards(releases, source).map(({path, facts}) => ({path, kind: 'card', shows: [source.key(facts())], releases: []}))
}

/**
 * Write the social cards into `outDir`: from the store when a card of the same key was drawn before, else drawn (with
 * satori and resvg, loaded only then) and kept in the store, which then forgets the cards no page names any more.
 */
export async function writeCards(context: CardsContext, options: CardsOptions): Promise<void> {
  // The context holds published releases only; an embargoed headline on a card would leak it all the same.
  const published = publishedReleases(context.releases, context.now)
  const keys = new Set<string>()
  const toDraw: Array<{path: string; key: string; facts: CardFacts}> = []
  for (const {path, facts} of cards(published, options.source)) {
    const card = facts()
    const key = options.source.key(card)
    keys.add(key)
    if (context.unchanged?.has(path)) continue
    const stored = options.store?.read(key)
    if (stored === undefined) toDraw.push({path, key, facts: card})
    else writeCard(context.outDir, path, stored)
  }
  if (toDraw.length > 0) await drawCards(toDraw, context.outDir, options)
  options.store?.keepOnly(keys)
}

/** Draw cards two at a time: one laid out by satori on this thread while the other is rasterised on the thread pool. */
async function drawCards(jobs: ReadonlyArray<{path: string; key: string; facts: CardFacts}>, outDir: string, options: CardsOptions): Promise<void> {
  const [{renderCard}, {collectGarbage}] = await Promise.all([import('./render-card.js'), import('./collect-garbage.js')])
  const collect = options.collect ?? collectGarbage
  const inFlight = new Set<Promise<void>>()
  let uncollected = 0
  try {
    for (const job of jobs) {
      const drawing: Promise<void> = renderCard(job.facts, options.fontDir).then((png) => {
        options.onRender?.()
        options.store?.write(job.key, png)
        writeCard(outDir, job.path, png)
        inFlight.delete(drawing)
        if (++uncollected < drawingsPerCollection) return
        uncollected = 0
        collect()
      })
      inFlight.add(drawing)
      if (inFlight.size >= 2) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
  } catch (error) {
    // Nothing may still be writing into the folder when a failure has it thrown away.
    await Promise.allSettled(inFlight)
    throw error
  }
}

function writeCard(outDir: string, path: string, png: Buffer): void {
  const file = join(outDir, path)
  mkdirSync(dirname(file), {recursive: true})
  writeFileSync(file, png)
}
