import {fileURLToPath} from 'node:url'
import juice from 'juice'
import type {Config} from '../config/config-schema.js'
import {chromeString, loadCatalogues} from '../liquid/chrome-strings.js'
import {createLiquid} from '../liquid/create-liquid.js'
import {formatDisplayDateInZone} from '../release/display-date.js'
import type {Release} from '../release/release.js'
import {tagSlug} from '../release/tag-slug.js'
import {PressroomError} from '../report/pressroom-error.js'
import {controlCharacterProblem} from '../store/validate-subscriber.js'
import {mimePartTemplate, type MimePartTemplate} from './mime-part-template.js'
import {wrapText} from './wrap-text.js'
import {sizedImageUrl} from '../links/rendition-url.js'

/** A digest for one subscriber, ready to put in a message. */
export interface DigestContent {
  subject: string
  html: string
  text: string
  /** The same text and HTML as quoted-printable MIME parts, ready to send; encoded once per set of releases. */
  parts?: {text: string; html: string}
}

/**
 * Turns a subscriber's releases into subject, HTML and text with their own unsubscribe and preference-page links;
 * caches the rendering per set of releases. Without `manageUrl` the manage link leads to the sign-up page.
 */
export type ComposeDigest = (releases: readonly Release[], unsubscribeUrl: string, manageUrl?: string) => Promise<DigestContent>

/** The folder of the email templates PR staff may edit. */
export const defaultEmailTemplatesDir = fileURLToPath(new URL('../../templates/email/', import.meta.url))

/** The HTML part's size limit before the unsubscribe link goes in: Gmail clips at about 102 KB; the issue asks for 90. */
export const htmlBudgetBytes = 88 * 1024

/** The width attribute of a Media Snippet image: the content column of the 600px layout. */
export const imageWidth = 552

// Rendered once per set of releases with this stand-in, then swapped for each subscriber's own link: rendering and
// inlining CSS 10,000 times would dominate the send.
/** The stand-in for a subscriber's unsubscribe link in a rendering shared by all recipients. */
export const unsubscribeMarker = 'https://pressroom.invalid/unsubscribe-marker'
/** The stand-in for the subscriber's own preference-page link, swapped in the same way. */
export const manageMarker = 'https://pressroom.invalid/manage-marker'
const markers = [unsubscribeMarker, manageMarker]

/**
 * The subject in the site's language, e.g. `Acme Newsroom: 3 new releases, Sept. 15, 2025`, refused if it could break
 * the header.
 */
export function digestSubject(config: Config, count: number, now: number): string {
  const prefix = config.email?.subjectPrefix ?? config.title
  const date = formatDisplayDateInZone(now, config.timeZone, config.language)
  const subject = chromeString(loadCatalogues(), config.language, 'digest-subject', {prefix, count, date})
  refuseControls(subject, 'the subject (config `title` or `email.subjectPrefix`)')
  return subject
}

/** Releases a subscriber gets: all of them without tags, else only those sharing a tag. */
export function releasesForTags(releases: readonly Release[], tags: readonly string[]): Release[] {
  if (tags.length === 0) return [...releases]
  // Compared as tag slugs, as tag pages and feeds group them: `Energy`, `energy` and `ENERGY` are one tag.
  const wanted = new Set(tags.map(tagSlug))
  return releases.filter((release) => release.tags.some((tag) => wanted.has(tagSlug(tag))))
}

/** Throw `DIGEST_INVALID` when a single-line value holds CR, LF or another control character. */
export function refuseControls(value: string, what: string): void {
  const problem = controlCharacterProblem(value, what)
  if (problem) throw new PressroomError('DIGEST_INVALID', problem, {hint: 'Remove the line break or control character and run the digest again'})
}

/** Build a digest composer over the Liquid templates in `templatesDir`. */
export function createDigestComposer(config: Config, options: {now: number; templatesDir?: string}): ComposeDigest {
  const root = options.templatesDir ?? defaultEmailTemplatesDir
  const html = createLiquid({root})
  // The text part is not HTML: escaping would print `&amp;` to the reader.
  const text = createLiquid({root, plainText: true})
  text.registerFilter('wrap', (value: unknown, width: number) => wrapText(String(value ?? ''), width))
  const cache = new Map<string, Promise<DigestContent & {templates: {text: MimePartTemplate; html: MimePartTemplate}}>>()
  const render = async (releases: readonly Release[]) => {
    const subject = digestSubject(config, releases.length, options.now)
    const data = templateData(config, releases, subject, options.now)
    const renderHtml = async (full: number) =>
      juice(await html.renderFile('digest.html.liquid', {...data, releases: data.releases.map((entry, index) => ({...entry, compact: index >= full}))}), {
        preserveMediaQueries: true,
        removeStyleTags: true,
        applyHeightAttributes: false
      })
    // Gmail hides everything past ~102 KB, the unsubscribe link included: past the budget, the oldest entries shrink to
    // a linked headline. Each pass shrinks a fifth of the full entries, so the loop ends.
    let full = releases.length
    let page = await renderHtml(full)
    while (Buffer.byteLength(page) > htmlBudgetBytes && full > 0) {
      full = Math.floor(full * 0.8)
      page = await renderHtml(full)
    }
    const plain = await text.renderFile('digest.txt.liquid', data)
    // Encoding a part again for each recipient, when recipients differ only by their link, was most of a send.
    const templates = {text: mimePartTemplate('text/plain; charset=utf-8', plain, markers), html: mimePartTemplate('text/html; charset=utf-8', page, markers)}
    return {subject, html: page, text: plain, templates}
  }
  return async (releases, unsubscribeUrl, manageUrl = config.subscribeUrl ?? `${config.baseUrl}/`) => {
    const key = releases.map((release) => release.id).join('\n')
    let pending = cache.get(key)
    if (!pending) cache.set(key, (pending = render(releases)))
    const content = await pending
    const link = escapeAttribute(unsubscribeUrl)
    const manage = escapeAttribute(manageUrl)
    return {
      subject: content.subject,
      // Made on use: a send takes the encoded parts, and two replaceAll over 27 KiB per recipient were 1.5 % of a
      // digest's CPU; previews and dry runs read these.
      get html() {
        return content.html.replaceAll(unsubscribeMarker, link).replaceAll(manageMarker, manage)
      },
      get text() {
        return content.text.replaceAll(unsubscribeMarker, unsubscribeUrl).replaceAll(manageMarker, manageUrl)
      },
      parts: {text: content.templates.text(unsubscribeUrl, manageUrl), html: content.templates.html(link, manage)}
    }
  }
}

/** Escape a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

function templateData(config: Config, releases: readonly Release[], subject: string, now: number) {
  const links: {number: number; url: string}[] = []
  const link = (url: string) => links.push({number: links.length + 1, url})
  const entries = releases.map((release, index) => {
    refuseControls(release.title, `the title of ${release.id}`)
    const image = release.media.find((item) => item.kind === 'image')
    return {
      number: index + 1,
      title: release.title,
      language: release.language,
      url: release.url,
      datelineText: release.datelineText,
      summary: release.summary,
      // A sized JPEG or PNG of it from the production host: mail clients take no WebP or AVIF, and a phone no 4000 px photo.
      image: image && {url: sizedImageUrl(release, image, config.baseUrl, 2 * imageWidth), alt: image.alt ?? image.caption ?? release.title, width: imageWidth},
      source: release.source,
      organizations: release.organizations.map((organization) => organization.name),
      link: link(release.url),
      sourceLink: release.source.url ? link(release.source.url) : undefined
    }
  })
  const manageLink = link(manageMarker)
  const unsubscribeLink = link(unsubscribeMarker)
  return {
    site: {title: config.title, url: `${config.baseUrl}/`, language: config.language},
    subject,
    date: formatDisplayDateInZone(now, config.timeZone, config.language),
    lang: config.language,
    count: releases.length,
    releases: entries,
    links,
    unsubscribeUrl: unsubscribeMarker,
    unsubscribeLink,
    manageUrl: manageMarker,
    manageLink
  }
}
