import type {BuildResult} from '../build/build.js'
import {chromeString, loadCatalogues} from '../liquid/chrome-strings.js'
import {formatDisplayDateInZone} from '../release/display-date.js'

/** A held-back release as the preview marks it: its page path and the words of its banner. */
export interface PreviewMark {
  urlPath: string
  label: string
  /** The instant the label names, as words (`Jan. 12, 2027, 07:00 GMT+1`) and as ISO 8601 for `<time datetime>`. */
  time?: {text: string; datetime: string}
}

/**
 * The marks of a preview build's held-back releases ("Draft — not published", "Embargoed until …", "Scheduled for …"),
 * in each release's language, with the instant as a date and a time in the site's time zone: a writer checks the
 * embargo against the clock they read, not an ISO string.
 */
export function previewMarks(held: BuildResult['held'], timeZone: string): PreviewMark[] {
  const catalogues = loadCatalogues()
  return held.map(({release, reason}) => {
    const word = (key: string, values: Record<string, unknown> = {}) => chromeString(catalogues, release.language, key, values)
    const when = (instant: number) => `${formatDisplayDateInZone(instant, timeZone, release.language)}, ${clockTime(instant, timeZone, release.language)}`
    if (reason.kind === 'draft') return {urlPath: release.urlPath, label: word('preview-draft')}
    const instant = reason.kind === 'embargo' ? reason.until : release.timestamp
    const text = when(instant)
    return {
      urlPath: release.urlPath,
      label: word(reason.kind === 'embargo' ? 'preview-embargoed' : 'preview-scheduled', {when: text}),
      time: {text, datetime: new Date(instant).toISOString().replace(/\.000Z$/, 'Z')}
    }
  })
}

function clockTime(instant: number, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, {hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short'}).format(instant)
}

/** A mark's words as HTML: the instant in a `<time datetime>`, so it reads as words and parses as a date. */
function bannerHtml(mark: PreviewMark): string {
  const at = mark.time ? mark.label.indexOf(mark.time.text) : -1
  if (!mark.time || at < 0) return escapeHtml(mark.label)
  const {text, datetime} = mark.time
  return `${escapeHtml(mark.label.slice(0, at))}<time datetime="${escapeHtml(datetime)}">${escapeHtml(text)}</time>${escapeHtml(mark.label.slice(at + text.length))}`
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.codePointAt(0)};`)
// Inside a CSS string: a backslash escape per character that could end the string or the rule.
const escapeCss = (text: string) => text.replace(/["\\\n<>]/g, (character) => `\\${(character.codePointAt(0) ?? 0).toString(16)} `)

const previewCss = `
.pressroom-preview-banner{position:sticky;top:0;z-index:2147483646;margin:0;padding:.6rem 1.25rem;background:#8a4b00;color:#fff;font:700 1rem/1.4 system-ui,sans-serif;text-align:center}
#pressroom-overlay{position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#ffe9e9;font:.95rem/1.5 ui-monospace,monospace;border-top:4px solid #e5484d}
#pressroom-overlay h2{margin:0 0 .5rem;font:700 1.05rem/1.3 system-ui,sans-serif;color:#fff}
#pressroom-overlay li{margin:.35rem 0}
#pressroom-overlay .place{color:#ffb4b4;font-weight:700}
`

const badgeCss = 'display:inline-block;margin-left:.5em;padding:0 .4em;border-radius:3px;background:#8a4b00;color:#fff;font:700 .75rem/1.6 system-ui,sans-serif;vertical-align:middle'

/**
 * The preview's additions to one served HTML page: a banner on a held-back release's own page, a badge after every
 * link to one, site-relative or absolute as in the digest preview (CSS, so it also works without JavaScript), and the
 * live-reload script. Only `pressroom dev` serves pages through this; a real build never contains any of it.
 */
export function injectPreview(html: string, options: {pathname: string; marks: readonly PreviewMark[]; version: number; scriptPath: string}): string {
  const own = options.marks.find((mark) => mark.urlPath === options.pathname || mark.urlPath === options.pathname + '/')
  const badges = options.marks.map((mark) => `a[href$="${escapeCss(mark.urlPath)}"]::after{content:"${escapeCss(mark.label)}";${badgeCss}}`).join('\n')
  const style = `<style id="pressroom-preview-style">${previewCss}${badges}</style>`
  const banner = own ? `<p class="pressroom-preview-banner" role="note">${bannerHtml(own)}</p>` : ''
  const script = `<script src="${options.scriptPath}" data-version="${options.version}"></script>`
  // Function replacements: a `$` in a label must not be read as a replacement pattern.
  let out = /<\/head>/i.test(html) ? html.replace(/<\/head>/i, (tag) => style + tag) : style + html
  out = /<body[^>]*>/i.test(out) ? out.replace(/<body[^>]*>/i, (tag) => tag + banner) : banner + out
  return /<\/body>/i.test(out) ? out.replace(/<\/body>(?![\s\S]*<\/body>)/i, (tag) => script + tag) : out + script
}
