import type {Config} from '../config/config-schema.js'
import {formatDisplayDateInOffset} from '../release/display-date.js'
import {formatInOffset} from '../release/iso-date.js'
import {type ImageRendition, type ImageRenditions, type MediaItem, type Release, releaseHtml} from '../release/release.js'
import {mediaTopicUri} from '../release/media-topics.js'
import {tagSlug} from '../release/tag-slug.js'
import {newsArticleJsonLd} from './news-article-json-ld.js'
import {renditionUrl} from '../links/rendition-url.js'
import {languageName} from './language-name.js'
import {ogLocale} from './og-locale.js'
import {pageHref} from './page-href.js'
import {pageHtml} from './page-html.js'
import {releaseCardImage, type SocialImageView} from './social-image.js'

export type {SocialImageView}

/** A link to a tag page, as templates see it. */
export interface TagLink {
  name: string
  slug: string
  href: string
}

/** An IPTC Media Topic as templates see it: its label, its qcode and the URI IPTC describes it at. */
export interface TopicView {
  label: string
  qcode: string
  uri: string
}

/** A media item as templates see it: `alt` always set, since an image without it fails accessibility checks. */
export interface MediaView extends MediaItem {
  /** What the page links it with: root-relative when it is the site's own file, so it loads on any host; else `url`. */
  href: string
  alt: string
  /** The link text of the "open the original" link. */
  linkLabel: string
  /** For an image from the public folder: its sizes, for `<picture>`. */
  picture?: PictureView
}

/** The sizes of an image as a `<picture>` shows them: one `<source>` per modern format, and the fallback `<img>`. */
export interface PictureView {
  sources: Array<{type: string; srcset: string}>
  /** The fallback's middle size, and all its sizes. */
  src: string
  srcset: string
  sizes: string
  /** The widest size's pixels: the `<img>` attributes that keep the page from jumping as the image loads. */
  width: number
  height: number
}

/** Another language of a release, as its page links to it. */
export interface TranslationView {
  /** BCP 47 tag, for `hreflang` and `lang`. */
  language: string
  /** The language's name in that language (`Deutsch`, `中文`). */
  name: string
  title: string
  href: string
  url: string
}

/** One `<link rel="alternate" hreflang>` of a release page: every member of its set, itself and `x-default` too. */
export interface AlternateView {
  hreflang: string
  url: string
}

/** What the release, index and tag templates know about one release. */
export interface ReleaseView {
  id: string
  title: string
  subtitle?: string
  /** The permanent site path, e.g. `/releases/2025-09-15-slug/` (where the page is written). */
  path: string
  /** `path` with the base path of `baseUrl` in front: what links use. */
  href: string
  url: string
  date: string
  displayDate: string
  dateline: string
  datelineText: string
  summary: string
  language: string
  ogLocale: string
  source: Release['source']
  tags: TagLink[]
  /** Its IPTC Media Topics (`subjects:`), in the order written. */
  topics: TopicView[]
  /** The organizations that issue it, each linked to its page: the only links that reach those pages. */
  organizations: Array<{name: string; slug: string; href: string}>
  media: MediaView[]
  /** The first media item when it is an image: the page's preview image for Open Graph and Twitter. */
  image?: MediaView
  /** That image's smallest size, for listings' thumbnails (the original when the build made no sizes of it). */
  thumb?: {src: string; width?: number; height?: number}
  /** The preview image of the page's link, when it has one (its image's social crop, else the original image). */
  socialImage?: SocialImageView
  /** The sanitized body HTML (rendered with `| raw`); absent on a listing page whose templates read no body. */
  html?: string
  /** The escaped NewsArticle JSON-LD (rendered with `| raw`). */
  jsonLd: string
  /** When the current version went public, if the release changed since: ISO 8601 in its own offset, and AP-style. */
  updated?: {date: string; displayDate: string}
  /** The writer's correction note (plain text). */
  correction?: string
  /** Its published translations into other languages (empty without any). */
  translations: TranslationView[]
  /** The hreflang alternates of its page: each language of its set, itself included, then `x-default`. */
  alternates: AlternateView[]
  /** The organization it is from (the primary one of a joint release), with the link to its page. */
  organization?: {name: string; href: string; logo?: string}
}

const linkLabels: Record<MediaItem['kind'], string> = {
  image: 'Download image',
  video: 'Download video',
  audio: 'Download audio'
}

/** The hreflang alternates of a release's page (none without published translations). */
export function alternatesOf(release: Pick<Release, 'translations'>): AlternateView[] {
  const set = release.translations ?? []
  if (set.length === 0) return []
  const fallback = set.find((link) => link.isDefault)
  return [...set.map((link) => ({hreflang: link.language, url: link.url})), ...(fallback ? [{hreflang: 'x-default', url: fallback.url}] : [])]
}

/** The site path of an organization's page. */
export function organizationPath(slug: string): string {
  return `/organizations/${slug}/`
}

/** The site path of a tag's first page. */
export function tagPath(tag: string): string {
  return `/tags/${tagSlug(tag)}/`
}

/** What a view of a release holds besides its fields: a listing page is keyed without what its templates do not read. */
export interface ViewParts {
  /** The body (`html`). */
  body: boolean
  /** When it was last updated (`updated`). */
  updated: boolean
}

/**
 * What a view's fields made on use are made from, kept on the view under a symbol that templates never see (and not
 * enumerable: a spread copy of a view reads the fields instead). The getters that read it are the same functions for
 * every view: V8 keeps an object whose accessors are closures of its own as a dictionary, about 1.5 KB more per view,
 * and a big newsroom's listings keep a view of every release for as long as they are written.
 */
const lazyParts = Symbol('lazyParts')

interface LazyParts {
  release: Release
  config: Config
  basePath: string
  /** The listing entry, once drawn by `drawEntry` (see {@link withListingEntry}). */
  entry?: string
  drawEntry?: (view: ReleaseView) => string
}

type WithLazyParts = ReleaseView & {[lazyParts]: LazyParts}

function jsonLdOfView(this: WithLazyParts): string {
  const {release, config} = this[lazyParts]
  return newsArticleJsonLd(release, config)
}

function htmlOfView(this: WithLazyParts): string {
  const {release, basePath} = this[lazyParts]
  return pageHtml(releaseHtml(release), basePath)
}

function entryOfView(this: WithLazyParts): string {
  const parts = this[lazyParts]
  return (parts.entry ??= parts.drawEntry?.(this) ?? '')
}

/**
 * Give a listing's view its `entry`: what `draw` makes of the view, drawn when a page first shows it and kept with the
 * view for the other listings that show the release.
 */
export function withListingEntry(view: ReleaseView, draw: (view: ReleaseView) => string): ReleaseView {
  ;(view as WithLazyParts)[lazyParts].drawEntry = draw
  return Object.defineProperty(view, 'entry', {get: entryOfView})
}

/**
 * The template view of a release; `basePath` is the path part of `baseUrl` (`''` at a domain's root). `parts` leaves
 * out the body or the last update: a listing page whose templates read neither is keyed without them.
 */
export function releaseView(release: Release, config: Config, basePath: string, parts: ViewParts = {body: true, updated: true}): ReleaseView {
  const media = release.media.map((item): MediaView => {
    const renditions = item.sitePath === undefined ? undefined : release.images?.[item.sitePath]
    return {
      ...item,
      href: pageHref(item.url, config.baseUrl),
      alt: item.alt ?? item.caption ?? release.title,
      linkLabel: linkLabels[item.kind],
      ...(renditions === undefined ? {} : {picture: pictureOf(renditions, basePath)})
    }
  })
  // Every field but those made on use, checked as such; they follow as getters.
  const fields: Omit<ReleaseView, 'jsonLd'> = {
    id: release.id,
    title: release.title,
    path: release.urlPath,
    href: basePath + release.urlPath,
    url: release.url,
    date: release.date,
    displayDate: release.displayDate,
    dateline: release.dateline,
    datelineText: release.datelineText,
    summary: release.summary,
    language: release.language,
    ogLocale: ogLocale(release.language),
    source: release.source,
    tags: release.tags.map((name) => ({name, slug: tagSlug(name), href: basePath + tagPath(name)})),
    topics: release.subjects.map((topic) => ({label: topic.label, qcode: `medtop:${topic.code}`, uri: mediaTopicUri(topic)})),
    organizations: release.organizations.map(({name, slug}) => ({name, slug, href: basePath + organizationPath(slug)})),
    media,
    translations: (release.translations ?? [])
      .filter((link) => link.id !== release.id)
      .map((link) => ({language: link.language, name: languageName(link.language), title: link.title, href: basePath + link.urlPath, url: link.url})),
    alternates: alternatesOf(release)
  }
  const view = fields as ReleaseView
  Object.defineProperty(view, lazyParts, {value: {release, config, basePath} satisfies LazyParts})
  // Made on use: a rebuild keeps most release pages, and only those pages show it.
  Object.defineProperty(view, 'jsonLd', {get: jsonLdOfView, enumerable: true})
  // Read on use: the build cache keeps bodies on disk, and only the release page itself shows one.
  if (parts.body) Object.defineProperty(view, 'html', {get: htmlOfView, enumerable: true})
  if (release.subtitle) view.subtitle = release.subtitle
  if (parts.updated && release.updatedAt !== undefined) view.updated = {date: formatInOffset(release.updatedAt, release.offsetMinutes), displayDate: formatDisplayDateInOffset(release.updatedAt, release.offsetMinutes, release.language)}
  if (release.correction !== undefined) view.correction = release.correction
  const first = media[0]
  if (first?.kind === 'image') {
    view.image = first
    const renditions = first.sitePath === undefined ? undefined : release.images?.[first.sitePath]
    const small = renditions?.fallback[0]
    view.thumb = small === undefined ? {src: first.href} : {src: renditionUrl(basePath, small.path), width: small.width, height: small.height}
    const social = renditions?.social
    view.socialImage = social === undefined
      ? {url: first.url, width: renditions?.width ?? 0, height: renditions?.height ?? 0, alt: first.alt, type: first.mimeType ?? ''}
      : {url: renditionUrl(config.baseUrl, social.path), width: social.width, height: social.height, alt: first.alt, type: social.type}
  }
  // A release without an image is shared with its card (its own among the newest, else the newsroom's).
  const card = view.socialImage === undefined ? releaseCardImage(release, config) : undefined
  if (card) view.socialImage = card
  const primary = release.organizations[0]
  if (primary) view.organization = {name: primary.name, href: basePath + organizationPath(primary.slug), ...(primary.logo === undefined ? {} : {logo: pageHref(primary.logo, config.baseUrl)})}
  return view
}

// The release column is at most 42rem wide; below that width, the page's width less its side padding.
const pictureSizes = '(min-width: 45rem) 42rem, calc(100vw - 2.5rem)'

/** How a page shows an image's renditions. */
function pictureOf(renditions: ImageRenditions, basePath: string): PictureView {
  const srcset = (list: readonly ImageRendition[]) => list.map((rendition) => `${renditionUrl(basePath, rendition.path)} ${rendition.width}w`).join(', ')
  const middle = renditions.fallback[Math.min(1, renditions.fallback.length - 1)] as ImageRendition
  return {
    sources: [{type: renditions.modern[0]?.type ?? 'image/webp', srcset: srcset(renditions.modern)}],
    src: renditionUrl(basePath, middle.path),
    srcset: srcset(renditions.fallback),
    sizes: pictureSizes,
    width: renditions.width,
    height: renditions.height
  }
}
