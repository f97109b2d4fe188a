import type {MediaTopic} from './media-topics.js'

/**
 * Glossary (the words every module uses):
 * - release: one Markdown file under `releases/`, named `YYYY-MM-DD-slug.md`.
 * - id: `YYYY-MM-DD-slug`, unique across the newsroom; the permanent URL and every guid derive from it alone.
 * - dateline: `CITY, Region`; the dateline text adds the AP-style date and distributor:
 *   `CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --`.
 * - snippet: the summary (front matter, or derived from the lede); also the meta description.
 * - media snippet: the release's media items (image, video, audio) with caption and alt text.
 * - source: the attribution printed as `Source: …` at the end of every output.
 * - held back: a draft, or a release whose embargo or date has not passed yet; it appears in no output.
 * - scheduled: a release dated in the future; like an embargo, its date holds it back until then.
 * - organization: see `organization/organization.ts`.
 * - translations: releases in other languages that share a release's `translationKey`, each its own file and page.
 */
import type {ReleaseOrganization} from './organization.js'

/** Where a release comes from: printed as `Source: name`, linked when a url is given. */
export interface ReleaseSource {
  name: string
  url?: string
}

/** One item of a release's Media Snippet. `url` is absolute (site paths are resolved against `baseUrl`). */
export interface MediaItem {
  url: string
  /** The kind of media, which decides how it is rendered. */
  kind: 'image' | 'video' | 'audio'
  /** The MIME type when known (`image/jpeg`), else undefined. */
  mimeType?: string
  caption?: string
  alt?: string
  /** Size in bytes when given in front matter; lets feeds emit an `enclosure`. */
  length?: number
  /** For media on our own site: the file under the public folder it names (`media/plant.jpg`), which must exist. */
  sitePath?: string
  /** Where the release file writes this item's `url`, so a missing file is reported there. */
  urlPlace?: {line: number; column: number}
}

/** One file the build made of an image: its path in the out folder (`_media/plant-1a2b3c4d-960.webp`) and its size. */
export interface ImageRendition {
  path: string
  width: number
  height: number
  /** Its MIME type (`image/webp`, `image/jpeg`, `image/png`). */
  type: string
}

/** What the build made of one image in the public folder: the same sizes in two formats, and a social crop. */
export interface ImageRenditions {
  /** The widest size: what `width`/`height` attributes give, so the page keeps its room while the image loads. */
  width: number
  height: number
  /** Each size in the modern format, narrowest first. */
  modern: ImageRendition[]
  /** Each size in JPEG (PNG for an image with transparency), narrowest first: what any reader and every mail client shows. */
  fallback: ImageRendition[]
  /** The 1200×630 crop on the image's most salient part, for link previews (Open Graph, Twitter). */
  social: ImageRendition
}

/** A published translation of a release, as its siblings link to it. */
export interface TranslationLink {
  id: string
  /** BCP 47 tag. */
  language: string
  title: string
  urlPath: string
  url: string
  /** Whether this is the version in the site's language: the `x-default` of the set. */
  isDefault: boolean
}

/** A validated, rendered release: everything every output needs, and nothing output-specific. */
export interface Release {
  /** `YYYY-MM-DD-slug`: unique, permanent. */
  id: string
  /** Source file path relative to the working directory, with forward slashes. */
  path: string
  slug: string
  /** The file name's date, `YYYY-MM-DD`. */
  fileDate: string
  /** Site-relative permanent path, e.g. `/releases/2025-09-15-green-dialogue/`. */
  urlPath: string
  /** Absolute permanent URL: `baseUrl` + `urlPath`. */
  url: string
  title: string
  subtitle?: string
  /** `CITY, Region` as written. */
  dateline: string
  /** The full wire dateline, e.g. `CHANGZHOU, China, Sept. 15, 2025 (GLOBE NEWSWIRE) --`. */
  datelineText: string
  /** The AP-style date alone, e.g. `Sept. 15, 2025`. */
  displayDate: string
  source: ReleaseSource
  /** Publication instant as ISO 8601 with the release's own offset, e.g. `2025-09-15T08:00:00+08:00`. */
  date: string
  /** The release's offset from UTC in minutes (+480 for +08:00). */
  offsetMinutes: number
  /** Publication instant, ms since the epoch. */
  timestamp: number
  /** The snippet: front matter `summary` or derived from the lede (<= 160 characters). */
  summary: string
  media: MediaItem[]
  /** The renditions the build made of its image media, by the media's site path; set after rendering, never cached with it. */
  images?: Record<string, ImageRenditions>
  tags: string[]
  /** Its IPTC Media Topics, as `subjects:` names them (codes or labels), in that order. */
  subjects: MediaTopic[]
  /** BCP 47 language tag. */
  language: string
  /** e.g. `GLOBE NEWSWIRE`; empty for none. */
  distributor: string
  /** Embargo instant (ms since the epoch), if any. */
  embargo?: number
  /** The embargo as written (ISO 8601 with offset). */
  embargoText?: string
  draft: boolean
  /** Front matter `featured: true`: the home page features it (the newest such release) instead of the newest. */
  featured?: boolean
  /** A plain-text correction note (front matter `correction`), shown with the release as what was corrected. */
  correction?: string
  /**
   * When the release's current version went public (ms since the epoch), if it changed since it was first published:
   * the publication ledger's, set by a build that keeps one; a release never edited, or built without a ledger, has none.
   */
  updatedAt?: number
  /** The organizations the release names, as shown in its language (the primary first; none when it names none). */
  organizations: ReleaseOrganization[]
  /** The key its translations share (front matter `translationKey`), and where it is written. */
  translationKey?: string
  translationKeyPlace?: {line: number; column: number}
  /**
   * Every published member of its translation set, itself included, in language order: set by the build once all
   * releases are known (the render of one file cannot know its siblings).
   */
  translations?: TranslationLink[]
  /**
   * Whether the release is shared with a card of its own: set by the build on the newest `cards.recent` published
   * releases without an image; the others are shared with the newsroom's card, so old ones cost no drawing.
   */
  ownCard?: boolean
  /** The sanitized body HTML: dateline-prefixed lede first, `Source:` attribution last. Read it with {@link releaseHtml}. */
  body: ReleaseBody
}

/**
 * A release's body: the HTML itself, or a reader of it for a body kept on disk (the build cache's), which a big newsroom
 * reads only for the pages and feed items that show it.
 */
export type ReleaseBody = {readonly html: string; readonly xhtml?: string} | {readonly load: () => string; readonly loadXhtml?: () => string}

/** The sanitized body HTML of a release, read from where it is kept. */
export function releaseHtml(release: Pick<Release, 'body'>): string {
  const {body} = release
  return 'html' in body ? body.html : body.load()
}

/**
 * The body as XHTML, written by the render from the same tree as its HTML, read from where it is kept. Every release
 * a build renders or takes from its cache has it; a page's copy of a release may leave it out.
 */
export function releaseXhtml(release: Pick<Release, 'body' | 'id'>): string {
  const {body} = release
  const xhtml = 'html' in body ? body.xhtml : body.loadXhtml?.()
  if (xhtml === undefined) throw new Error(`Release ${release.id} has no XHTML body`)
  return xhtml
}

/** Why a release is not published yet, if it is not. */
export type HoldReason = {kind: 'draft'} | {kind: 'embargo'; until: number} | {kind: 'scheduled'; until: number}

/**
 * Whether a release is held back at `now`: drafts always, embargoed ones until the embargo passes, and any release
 * until its date (a future date is a scheduled publication, as in Hugo: dated tomorrow, it must not be out today).
 */
export function holdReason(release: Pick<Release, 'draft' | 'embargo' | 'timestamp'>, now: number): HoldReason | undefined {
  if (release.draft) return {kind: 'draft'}
  if (release.embargo !== undefined && release.embargo > now) return {kind: 'embargo', until: release.embargo}
  if (release.timestamp > now) return {kind: 'scheduled', until: release.timestamp}
  return undefined
}

/** How a build's summary names a hold: `draft`, `embargoed until …` or `scheduled for …`, with the instant as written. */
export function describeHold(reason: HoldReason, written: {embargoText?: string; date?: string}): string {
  if (reason.kind === 'draft') return 'draft'
  if (reason.kind === 'embargo') return `embargoed until ${written.embargoText ?? new Date(reason.until).toISOString()}`
  return `scheduled for ${written.date ?? new Date(reason.until).toISOString()}`
}

/** The counts of a build's summary: `1 draft, 2 embargoed`, and `, 1 scheduled` when any is. */
export function countHolds(reasons: ReadonlyArray<HoldReason>): string {
  const count = (kind: HoldReason['kind']) => reasons.filter((reason) => reason.kind === kind).length
  const scheduled = count('scheduled')
  return `${count('draft')} draft, ${count('embargo')} embargoed${scheduled > 0 ? `, ${scheduled} scheduled` : ''}`
}

/** Releases published at `now`, newest first (ties broken by id so order is stable). */
export function publishedReleases(releases: readonly Release[], now: number): readonly Release[] {
  // Most often the writers are handed exactly that: the same array back lets them share what they derive from it.
  if (releases.every((release, index) => holdReason(release, now) === undefined && (index === 0 || newestFirst(releases[index - 1] as Release, release) <= 0))) return releases
  return releases.filter((release) => holdReason(release, now) === undefined).sort(newestFirst)
}

/** Sort order of every listing: newest first, then by id. */
export function newestFirst(a: Pick<Release, 'timestamp' | 'id'>, b: Pick<Release, 'timestamp' | 'id'>): number {
  return b.timestamp - a.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
