import {closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {boundedMemo} from '../bounded-memo.js'
import type {Config} from '../config/config-schema.js'
import type {OutputPlan} from '../plan/output-plan.js'
import {type Release, releaseHtml} from '../release/release.js'
import {releaseTagGroups} from '../release/tag-groups.js'
import {organizationGroups} from '../release/organization.js'
import {feedHtml} from './feed-html.js'
import {feedLanguages, feedPaths} from '../links/feed-links.js'
import {jsonFeed} from './json-feed.js'
import {newsSitemap} from './news-sitemap.js'
import {rssChannel, rssItemXml} from './rss-document.js'
import {rssItem} from './rss-item.js'
import {sharedItems} from './shared-items.js'

/** One RSS feed to write: where it is served, what its channel says, and its releases (newest first). */
export interface RssFeedPlan {
  path: string
  title: string
  siteUrl: string
  language: string
  releases: Release[]
}

/** What the feeds read of a build. */
export interface FeedsContext {
  config: Config
  /** Published releases only, newest first. */
  releases: readonly Release[]
  /** The folder to write into. */
  outDir: string
  /** The build's clock, ms since the epoch: only the news sitemap reads it. */
  now: number
  /** Site paths of outputs the last build wrote whose inputs are unchanged: already in place, so not written. */
  unchanged?: ReadonlySet<string>
}

/**
 * Write every feed into `context.outDir`: `rss.xml`, one RSS feed per tag, one per language when there are several,
 * `feed.json` and `news-sitemap.xml`. Nothing here reads the clock except the news sitemap's two-day window.
 */
export async function writeFeeds(context: FeedsContext): Promise<void> {
  const {config, releases, outDir, now} = context
  // Feeds the build cache kept from the last build (same releases, config, version) are already in place.
  const keep = (path: string) => context.unchanged?.has(path) === true
  const rssFeeds = rssFeedPlans(config, releases).filter((plan) => !keep(plan.path))
  // The JSON Feed lists the site feed's releases again: their bodies, which may need parsing for absolute URLs, are
  // made once for both (the site feed is written first).
  const htmlOf = boundedMemo((release: Release) => feedHtml(releaseHtml(release), config.baseUrl, release.url), config.feedSize)
  const itemOf = sharedItems(rssFeeds.map((plan) => plan.releases.slice(0, config.feedSize)), (release, feedUrl) => Buffer.from(rssItemXml(rssItem(release, config, htmlOf(release)), feedUrl)))
  const feeds = new Map<string, (fd: number) => void>()
  for (const plan of rssFeeds) feeds.set(plan.path, (fd) => writeRssFeed(fd, config, plan, itemOf))
  if (!keep(feedPaths.json)) feeds.set(feedPaths.json, (fd) => writeSync(fd, JSON.stringify(jsonFeed(config, releases, htmlOf), null, 2) + '\n'))
  feeds.set(feedPaths.newsSitemap, (fd) => writeSync(fd, newsSitemap(config, releases, now)))
  // Each feed goes to a temporary name as it is rendered, an item at a time (a whole feed as one string was a long
  // chain of pieces to join before writing); only when every one rendered are they renamed, so a refused date still
  // leaves no half-written feeds behind.
  const written: Array<{temporary: string; file: string}> = []
  try {
    for (const [path, write] of feeds) {
      const file = join(outDir, ...path.split('/').filter(Boolean))
      mkdirSync(dirname(file), {recursive: true})
      written.push({temporary: `${file}.partial`, file})
      const fd = openSync(`${file}.partial`, 'w')
      try {
        write(fd)
      } finally {
        closeSync(fd)
      }
    }
  } catch (error) {
    for (const {temporary} of written) rmSync(temporary, {force: true})
    throw error
  }
  for (const {temporary, file} of written) renameSync(temporary, file)
}

/**
 * The feeds a rebuild may keep, as data: every RSS feed and the JSON Feed show their newest `feedSize` releases. The
 * news sitemap reads the clock, so it is written on every build.
 */
export function feedsPlan(config: Config, releases: readonly Release[]): OutputPlan[] {
  const plans: OutputPlan[] = rssFeedPlans(config, releases).map((plan) => ({
    path: plan.path,
    kind: 'feeds',
    shows: [plan.path, plan.title, plan.siteUrl, plan.language],
    releases: plan.releases.slice(0, config.feedSize)
  }))
  plans.push({path: feedPaths.json, kind: 'feeds', shows: [feedPaths.json], releases: releases.slice(0, config.feedSize)})
  return plans
}

// The feeds' plan and the feed writer both plan one build's feeds.
const plansOf = new WeakMap<readonly Release[], {config: Config; plans: readonly RssFeedPlan[]}>()

/**
 * The RSS feeds of a newsroom: site-wide, per tag (tags with the same slug share one), per language if several.
 * Planned once per config and array of releases (do not change what it returns).
 */
export function rssFeedPlans(config: Config, releases: readonly Release[]): readonly RssFeedPlan[] {
  const known = plansOf.get(releases)
  if (known?.config === config) return known.plans
  const plans = planFeeds(config, releases)
  plansOf.set(releases, {config, plans})
  return plans
}

function planFeeds(config: Config, releases: readonly Release[]): RssFeedPlan[] {
  const home = `${config.baseUrl}/`
  const plans: RssFeedPlan[] = [{path: feedPaths.rss, title: config.title, siteUrl: home, language: config.language, releases: [...releases]}]
  // A release tagged twice with spellings of one slug appears once in that tag's feed, named as its newest spells it.
  for (const group of releaseTagGroups(releases)) {
    const path = feedPaths.tag(group.name)
    plans.push({
      path,
      title: `${config.title}: ${group.name}`,
      // The tag page lives beside its feed: /tags/<slug>/ serves /tags/<slug>/rss.xml.
      siteUrl: config.baseUrl + path.replace(/rss\.xml$/, ''),
      language: config.language,
      releases: group.releases
    })
  }
  // An organization's page lives beside its feed: /organizations/<slug>/ serves /organizations/<slug>/rss.xml.
  for (const {organization, releases: ofOrganization} of organizationGroups(releases)) {
    const path = feedPaths.organization(organization.slug)
    plans.push({path, title: `${config.title}: ${organization.name}`, siteUrl: config.baseUrl + path.replace(/rss\.xml$/, ''), language: config.language, releases: ofOrganization})
  }
  for (const language of feedLanguages(releases)) {
    plans.push({
      path: feedPaths.language(language),
      title: `${config.title} (${language})`,
      siteUrl: home,
      language,
      releases: releases.filter((release) => release.language === language)
    })
  }
  return plans
}

function writeRssFeed(fd: number, config: Config, plan: RssFeedPlan, itemOf: (release: Release, feedUrl: string) => Buffer): void {
  const feedUrl = config.baseUrl + plan.path
  const releases = plan.releases.slice(0, config.feedSize)
  const channel = {
    title: plan.title,
    description: config.description === '' ? plan.title : config.description,
    siteUrl: plan.siteUrl,
    feedUrl,
    language: plan.language,
    generator: 'pressroom',
    ...(config.websub === undefined || plan.path !== feedPaths.rss ? {} : {hubs: config.websub.hubs}),
    ...(config.feedImage === undefined ? {} : {imageUrl: config.feedImage})
  }
  // Items first: a date they cannot write is refused before any of the channel is.
  const items = releases.map((release) => itemOf(release, feedUrl))
  const {head, tail} = rssChannel(channel, releases)
  writeSync(fd, head)
  for (const item of items) writeSync(fd, item)
  writeSync(fd, tail)
}
