import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import type {OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'
import {firstVersion, newsItem, newsmlStandard, type NewsmlVersion} from './newsml-item.js'
import {eventLoopTurn} from '../event-loop-turn.js'

/** What the NewsML-G2 output reads of a build. */
export interface NewsmlContext {
  config: Config
  /** Published releases only, newest first. */
  releases: readonly Release[]
  outDir: string
  /** Site paths of outputs the last build wrote whose inputs are unchanged: already in place, so not written. */
  unchanged?: ReadonlySet<string>
  /** Each release's version from the publication ledger, when the build keeps one; else every release is version 1. */
  newsmlVersions?: ReadonlyMap<string, NewsmlVersion>
}

/** The site path of a release's news item. */
export function newsItemPath(release: Pick<Release, 'id'>): string {
  return `/newsml/${release.id}.xml`
}

/** The site path of the news message that carries the newest releases' items, for agencies that poll one file. */
export const newsMessagePath = '/newsml/news-message.xml'

/**
 * The NewsML-G2 files a rebuild may keep, as data: one news item per release, shown with its version (a new
 * version rewrites it), and the news message of the newest `feedSize` releases.
 */
export function newsmlPlan(config: Config, releases: readonly Release[], versions?: ReadonlyMap<string, NewsmlVersion>): OutputPlan[] {
  const shown = (release: Release) => JSON.stringify(versionOf(release, versions))
  const plans: OutputPlan[] = releases.map((release) => ({path: newsItemPath(release), kind: 'newsml', shows: [shown(release)], releases: [release]}))
  const newest = releases.slice(0, config.feedSize)
  plans.push({path: newsMessagePath, kind: 'newsml', shows: [newsMessagePath, ...newest.map(shown)], releases: newest})
  return plans
}

/** Write `newsml/<release-id>.xml` for each published release and `newsml/news-message.xml`, but what is unchanged. */
export async function writeNewsml(context: NewsmlContext): Promise<void> {
  const {config, releases, outDir} = context
  const keep = (path: string) => context.unchanged?.has(path) === true
  mkdirSync(join(outDir, 'newsml'), {recursive: true})
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
  for (const release of releases) {
    const path = newsItemPath(release)
    if (keep(path)) continue
    writeFileSync(join(outDir, path.slice(1)), `${declaration}${newsItem(release, config, versionOf(release, context.newsmlVersions))}\n`)
    // Written beside the search index: Pagefind, in a process of its own, waits for each page this thread sends it,
    // so each item lets its reply in; with a turn only every few dozen items, it indexed hardly a page meanwhile.
    await eventLoopTurn()
  }
  if (!keep(newsMessagePath)) writeFileSync(join(outDir, newsMessagePath.slice(1)), `${declaration}${newsMessage(config, releases.slice(0, config.feedSize), context.newsmlVersions)}\n`)
}

function versionOf(release: Release, versions: ReadonlyMap<string, NewsmlVersion> | undefined): NewsmlVersion {
  return versions?.get(release.id) ?? firstVersion(release)
}

/**
 * A news message of the newest releases' items. `sent` is the newest item's version instant, not the build's clock,
 * so an unchanged newsroom writes the same bytes.
 */
function newsMessage(config: Config, releases: readonly Release[], versions: ReadonlyMap<string, NewsmlVersion> | undefined): string {
  const items = releases.map((release) => ({release, version: versionOf(release, versions)}))
  const sent = items.map(({version}) => version.versionCreated).reduce((newest, at) => (Date.parse(at) > Date.parse(newest) ? at : newest), items[0]?.version.versionCreated ?? '1970-01-01T00:00:00Z')
  const indent = (xml: string) => xml.replace(/^/gm, '    ')
  return [
    `<newsMessage xmlns="${newsmlStandard.namespace}">`,
    `  <header><sent>${sent}</sent></header>`,
    '  <itemSet>',
    ...items.map(({release, version}) => indent(newsItem(release, config, version))),
    '  </itemSet>',
    '</newsMessage>'
  ].join('\n')
}
