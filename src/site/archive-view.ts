import type {ArchiveMonth, ArchivePage, ArchiveYear} from './archive-pages.js'

/** A year or month as an archive page links to it: its name in the site's language, link and size. */
export interface ArchiveLink {
  name: string
  href: string
  count: number
}

/** What `archive.liquid` knows of its page besides the entries (`releases`). */
export interface ArchiveView {
  level: ArchivePage<unknown>['level']
  /** The page's heading: empty on the root, whose heading is a catalogue string; `2025`; `September 2025`. */
  name: string
  /** The root's years, each with its months. */
  years: Array<ArchiveLink & {months: ArchiveLink[]}>
  /** A year page's months. */
  months: ArchiveLink[]
  /** A month page's year. */
  year?: Omit<ArchiveLink, 'count'>
  newer?: ArchiveLink
  older?: ArchiveLink
  rootHref: string
}

// One pair of formatters per language: every archive page of a build names months in the site's one language.
const formatters = new Map<string, {month: Intl.DateTimeFormat; monthYear: Intl.DateTimeFormat}>()

/** Month names as readers of `language` write them (`September`, `September 2025`; `九月`, `2025年9月`), from Intl. */
export function monthNames(language: string) {
  let found = formatters.get(language)
  if (!found) {
    // A tag ICU cannot read (refused by config validation, but a default may pass through) reads as English.
    const locale = Intl.DateTimeFormat.supportedLocalesOf(language)[0] ?? 'en-US'
    found = {month: new Intl.DateTimeFormat(locale, {timeZone: 'UTC', month: 'long'}), monthYear: new Intl.DateTimeFormat(locale, {timeZone: 'UTC', month: 'long', year: 'numeric'})}
    formatters.set(language, found)
  }
  const {month, monthYear} = found
  const instant = (of: {year: string; month: string}) => Date.UTC(Number(of.year), Number(of.month) - 1, 1)
  return {month: (of: {year: string; month: string}) => month.format(instant(of)), monthYear: (of: {year: string; month: string}) => monthYear.format(instant(of))}
}

/** The template view of an archive page, its links under `basePath` and its months named in `language`. */
export function archiveView(page: ArchivePage<unknown>, language: string, basePath: string, rootPath: string): ArchiveView {
  const names = monthNames(language)
  const yearLink = (year: ArchiveYear<unknown>): ArchiveLink => ({name: year.year, href: basePath + year.path, count: year.releases.length})
  const monthLink = (month: ArchiveMonth<unknown>, name: (of: ArchiveMonth<unknown>) => string): ArchiveLink => ({name: name(month), href: basePath + month.path, count: month.releases.length})
  const view: ArchiveView = {level: page.level, name: '', years: [], months: [], rootHref: basePath + rootPath}
  if (page.level === 'root') {
    view.years = page.years.map((year) => ({...yearLink(year), months: year.months.map((month) => monthLink(month, names.month))}))
  } else if (page.level === 'year') {
    view.name = page.year.year
    view.months = page.year.months.map((month) => monthLink(month, names.month))
    if (page.newer) view.newer = yearLink(page.newer)
    if (page.older) view.older = yearLink(page.older)
  } else {
    view.name = names.monthYear(page.month)
    view.year = {name: page.month.year, href: `${basePath}${rootPath}${page.month.year}/`}
    if (page.newer) view.newer = monthLink(page.newer, names.monthYear)
    if (page.older) view.older = monthLink(page.older, names.monthYear)
  }
  return view
}
