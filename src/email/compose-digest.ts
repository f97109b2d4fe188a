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
import {emailEntry, emailSite, leadPicture, thumbnailPicture} from './email-entry.js'
import {fitSubject} from './fit-subject.js'
import {mimePartTemplate, type MimePartTemplate} from './mime-part-template.js'
import {wrapText} from './wrap-text.js'

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

// Rendered once per set of releases with this stand-in, then swapped for each subscriber's own link: rendering and
// inlining CSS 10,000 times would dominate the send.
/** The stand-in for a subscriber's unsubscribe link in a rendering shared by all recipients. */
export const unsubscribeMarker = 'https://pressroom.invalid/unsubscribe-marker'
/** The stand-in for the subscriber's own preference-page link, swapped in the same way. */
export const manageMarker = 'https://pressroom.invalid/manage-marker'
const markers = [unsubscribeMarker, manageMarker]

/**
 * The subject of a digest in the newsroom's language: the top headline and how many more, e.g. `Northwind signs Baltic
 * Ports deal, and 4 more` (one release: its headline alone), cut to fit an inbox line at a word; refused if it could
 * break the header.
 */
export function digestSubject(config: Config, releases: readonly Pick<Release, 'title'>[]): string {
  const language = config.language
  const more = releases.length - 1
  const frame = (headline: string) => subjectPrefixed(config, language, more > 0 ? chromeString(loadCatalogues(), language, 'digest-subject', {headline, count: more}) : headline)
  const subject = fitSubject(releases[0]?.title ?? '', frame, language)
  refuseControls(subject, 'the subject (config `email.subjectPrefix`, or the top headline)')
  return subject
}

/** `subject` after the prefix config `email.subjectPrefix` gives; none without one. */
export function subjectPrefixed(config: Config, language: string, subject: string): string {
  const prefix = subjectPrefixOf(config)
  return prefix === '' ? subject : chromeString(loadCatalogues(), language, 'subject-prefixed', {prefix, subject})
}

// A phone's inbox shows the first 30 to 40 characters of a subject: a site-title prefix there would push the headline
// out of view, and the newsroom's name is already in the From display name (see fromMailbox).
/** The subject prefix of digests and alerts: config `email.subjectPrefix`, else none. */
export function subjectPrefixOf(config: Config): string {
  return config.email?.subjectPrefix ?? ''
}

/** Inline a rendered email's CSS (mail clients drop most of a <style> block), keeping the media queries for phones and dark mode. */
export function inlineEmailCss(html: string): string {
  return juice(html, {preserveMediaQueries: true, removeStyleTags: true, applyHeightAttributes: false, applyWidthAttributes: false})
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
  text.registerFilter('wrap', wrapFilter)
  const cache = new Map<string, Promise<DigestContent & {templates: {text: MimePartTemplate; html: MimePartTemplate}}>>()
  const render = async (releases: readonly Release[]) => {
    const subject = digestSubject(config, releases)
    const data = templateData(config, releases, subject, options.now)
    const renderHtml = async (full: number) =>
      inlineEmailCss(await html.renderFile('digest.html.liquid', {...data, releases: data.releases.map((entry, index) => ({...entry, compact: index >= full}))}))
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

/** The `wrap` filter of the text templates: `{{ text | wrap: 72 }}`, `{{ text | wrap: 72, 3 }}` (indented), `wrap: 72, 3, 0` (hanging). */
export function wrapFilter(value: unknown, width: number, indent?: number, first?: number): string {
  return wrapText(String(value ?? ''), width, indent ?? 0, first ?? indent ?? 0)
}

function templateData(config: Config, releases: readonly Release[], subject: string, now: number) {
  const links: {number: number; url: string}[] = []
  const link = (url: string) => links.push({number: links.length + 1, url})
  const entries = releases.map((release, index) => {
    refuseControls(release.title, `the title of ${release.id}`)
    return {
      ...emailEntry(config, release, index === 0 ? leadPicture : thumbnailPicture),
      number: index + 1,
      lead: index === 0,
      link: link(release.url),
      sourceLink: release.source.url ? link(release.source.url) : undefined
    }
  })
  const manageLink = link(manageMarker)
  const unsubscribeLink = link(unsubscribeMarker)
  return {
    site: emailSite(config),
    subject,
    // What an inbox shows after the subject: the top release's summary, not the masthead's words.
    preheader: releases[0]?.summary ?? '',
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
