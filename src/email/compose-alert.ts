import type {Config} from '../config/config-schema.js'
import {createLiquid} from '../liquid/create-liquid.js'
import type {Release} from '../release/release.js'
import {defaultEmailTemplatesDir, escapeAttribute, inlineEmailCss, manageMarker, refuseControls, subjectPrefixOf, unsubscribeMarker, wrapFilter, type ComposeDigest, type DigestContent} from './compose-digest.js'
import {emailEntry, emailSite, leadPicture} from './email-entry.js'
import {fitSubject} from './fit-subject.js'
import {mimePartTemplate, type MimePartTemplate} from './mime-part-template.js'

// Stands for the headline in the rendered subject template; no headline holds a NUL (control characters are refused).
const headlineMarker = '\u0000headline\u0000'

/**
 * Build the composer of one alert: it takes the alert's one release (as the send log hands a digest's releases) and
 * returns subject, HTML and text with the subscriber's own unsubscribe and preference-page links, as a digest does.
 * `correction` is the note of a correction alert, marked in the subject and on top.
 */
export function createAlertComposer(config: Config, options: {correction?: string; templatesDir?: string} = {}): ComposeDigest {
  const root = options.templatesDir ?? defaultEmailTemplatesDir
  const html = createLiquid({root})
  const text = createLiquid({root, plainText: true})
  text.registerFilter('wrap', wrapFilter)
  // Rendered once per alert, with the digest's stand-ins for each subscriber's own unsubscribe and manage links.
  let rendered: Promise<Omit<DigestContent, 'parts'> & {templates: {text: MimePartTemplate; html: MimePartTemplate}}> | undefined
  const render = async (release: Release) => {
    refuseControls(release.title, `the title of ${release.id}`)
    // Rendered once around a stand-in, so the headline alone is cut when the whole subject would not fit.
    const framed = (await text.renderFile('alert-subject.txt.liquid', {prefix: subjectPrefixOf(config), title: headlineMarker, correction: options.correction !== undefined, lang: release.language})).trim()
    const subject = fitSubject(release.title, (headline) => framed.replace(headlineMarker, headline), release.language)
    refuseControls(subject, 'the alert subject (config `email.subjectPrefix`, or the headline)')
    const data = {
      site: emailSite(config),
      // An alert carries one release: its words are in that release's language, like the release's page.
      lang: release.language,
      subject,
      preheader: release.summary,
      release: emailEntry(config, release, leadPicture),
      correction: options.correction,
      unsubscribeUrl: unsubscribeMarker,
      manageUrl: manageMarker
    }
    const page = inlineEmailCss(await html.renderFile('alert.html.liquid', data))
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
