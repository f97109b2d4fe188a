import type {Config} from '../config/config-schema.js'
import {formatDisplayDateInOffset} from '../release/display-date.js'
import {formatInOffset} from '../release/iso-date.js'
import {type MediaItem, type Release, releaseHtml} from '../release/release.js'
import {mediaTopicUri} from '../release/media-topics.js'
import {tagSlug} from '../release/tag-slug.js'
import {newsArticleJsonLd} from './news-article-json-ld.js'
import {languageName} from './language-name.js'
import {ogLocale} from './og-locale.js'
import {releaseCardImage, type SocialImageView} from './social-image.js'

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
  alt: string
  /** The link text of the "open the original" link. */
  linkLabel: string
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
  media: MediaView[]
  /** The first media item when it is an image: the page's preview image for Open Graph and Twitter. */
  image?: MediaView
  /** The picture the page is shared with (og:image, twitter:image): the generated card of a release without an image. */
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

/** The site path of a tag's first page. */
export function tagPath(tag: string): string {
  return `/tags/${tagSlug(tag)}/`
}

/**
 * The template view of a release; `basePath` is the path part of `baseUrl` (`''` at a domain's root). With `withBody`
 * false the view has no body (`html`): a listing page whose templates read none is keyed without the bodies.
 */
export function releaseView(release: Release, config: Config, basePath: string, withBody = true): ReleaseView {
  const media = release.media.map((item): MediaView => ({
    ...item,
    alt: item.alt ?? item.caption ?? release.title,
    linkLabel: linkLabels[item.kind]
  }))
  const view: ReleaseView = {
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
    media,
    translations: (release.translations ?? [])
      .filter((link) => link.id !== release.id)
      .map((link) => ({language: link.language, name: languageName(link.language), title: link.title, href: basePath + link.urlPath, url: link.url})),
    alternates: alternatesOf(release),
    // Made on use: a rebuild keeps most release pages, and only those pages show it.
    get jsonLd() {
      return newsArticleJsonLd(release, config)
    }
  }
  // Read on use: the build cache keeps bodies on disk, and only the release page itself shows one.
  if (withBody) Object.defineProperty(view, 'html', {get: () => releaseHtml(release), enumerable: true})
  if (release.subtitle) view.subtitle = release.subtitle
  if (release.updatedAt !== undefined) view.updated = {date: formatInOffset(release.updatedAt, release.offsetMinutes), displayDate: formatDisplayDateInOffset(release.updatedAt, release.offsetMinutes, release.language)}
  if (release.correction !== undefined) view.correction = release.correction
  if (media[0]?.kind === 'image') view.image = media[0]
  const card = releaseCardImage(release, config)
  if (card) view.socialImage = card
  return view
}
