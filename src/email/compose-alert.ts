import type {Config} from '../config/config-schema.js'
import {createLiquid} from '../liquid/create-liquid.js'
import type {Release} from '../release/release.js'
import {sizedImageUrl} from '../links/rendition-url.js'
import {defaultEmailTemplatesDir, escapeAttribute, imageWidth, manageMarker, refuseControls, unsubscribeMarker, type ComposeDigest, type DigestContent} from './compose-digest.js'
import {mimePartTemplate, type MimePartTemplate} from './mime-part-template.js'
import {wrapText} from './wrap-text.js'

/**
 * Build the composer of one alert: it takes the alert's one release (as the send log hands a digest's releases) and
 * returns subject, HTML and text with the subscriber's own unsubscribe and preference-page links, as a digest does.
 * `correction` is the note of a correction alert, marked in the subject and on top.
 */
export function createAlertComposer(config: Config, options: {correction?: string; templatesDir?: string} = {}): ComposeDigest {
  const root = options.templatesDir ?? defaultEmailTemplatesDir
  const html = createLiquid({root})
  const text = createLiquid({root, plainText: true})
  text.registerFilter('wrap', (value: unknown, width: number) => wrapText(String(value ?? ''), width))
  // Rendered once per alert, with the digest's stand-ins for each subscriber's own unsubscribe and manage links.
  let rendered: Promise<Omit<DigestContent, 'parts'> & {templates: {text: MimePartTemplate; html: MimePartTemplate}}> | undefined
  const render = async (release: Release) => {
    refuseControls(release.title, `the title of ${release.id}`)
    const subject = (await text.renderFile('alert-subject.txt.liquid', {prefix: config.email?.subjectPrefix ?? config.title, title: release.title, correction: options.correction !== undefined, lang: release.language})).trim()
    refuseControls(subject, 'the alert subject (config `title` or `email.subjectPrefix`, or the headline)')
    const image = release.media.find((item) => item.kind === 'image')
    const data = {
      site: {title: config.title, url: `${config.baseUrl}/`, language: config.language},
      // An alert carries one release: its words are in that release's language, like the release's page.
      lang: release.language,
      subject,
      release: {
        title: release.title,
        subtitle: release.subtitle,
        url: release.url,
        datelineText: release.datelineText,
        summary: release.summary,
        language: release.language,
        source: release.source,
        image: image && {url: sizedImageUrl(release, image, config.baseUrl, 2 * imageWidth), alt: image.alt ?? image.caption ?? release.title, width: imageWidth}
      },
      correction: options.correction,
      unsubscribeUrl: unsubscribeMarker,
      manageUrl: manageMarker
    }
    const page = await html.renderFile('alert.html.liquid', data)
    const plain = await text.renderFile('alert.txt.liquid', data)
    const markers = [unsubscribeMarker, manageMarker]
    const templates = {text: mimePartTemplate('text/plain; charset=utf-8', plain, markers), html: mimePartTemplate('text/html; charset=utf-8', page, markers)}
    return {subject, html: page, text: plain, templates}
  }
  // Without a signed preference link (no secret), the manage link leads to the sign-up page, as a digest's does.
  return async (releases, unsubscribeUrl, manageUrl = config.subscribeUrl ?? `${config.baseUrl}/`) => {
    const [release] = releases
    if (!release || releases.length !== 1) throw new Error(`An alert carries exactly one release, not ${releases.length}`)
    const content = await (rendered ??= render(release))
    const link = escapeAttribute(unsubscribeUrl)
    const manage = escapeAttribute(manageUrl)
    return {
      subject: content.subject,
      html: content.html.replaceAll(unsubscribeMarker, link).replaceAll(manageMarker, manage),
      text: content.text.replaceAll(unsubscribeMarker, unsubscribeUrl).replaceAll(manageMarker, manageUrl),
      parts: {text: content.templates.text(unsubscribeUrl, manageUrl), html: content.templates.html(link, manage)}
    }
  }
}
