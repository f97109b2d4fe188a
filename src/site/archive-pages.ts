/** One month of the archive: its releases, newest first. `month` is two digits, `01` to `12`. */
export interface ArchiveMonth<T> {
  year: string
  month: string
  path: string
  releases: T[]
}

/** One year of the archive: its months and releases, newest first. */
export interface ArchiveYear<T> {
  year: string
  path: string
  months: Array<ArchiveMonth<T>>
  releases: T[]
}

/** One page of the archive: its root (the years), a year or a month, with its neighbours in time. */
export type ArchivePage<T> =
  | {level: 'root'; path: string; years: Array<ArchiveYear<T>>; releases: T[]}
  | {level: 'year'; path: string; year: ArchiveYear<T>; newer?: ArchiveYear<T>; older?: ArchiveYear<T>; releases: T[]}
  | {level: 'month'; path: string; month: ArchiveMonth<T>; newer?: ArchiveMonth<T>; older?: ArchiveMonth<T>; releases: T[]}

/** The site path of the archive's root. Permanent: readers and search engines link to it. */
export const archivePath = '/archive/'

/**
 * Every page of the archive, from releases newest first: the root, then each year and each of its months. A release
 * belongs to the year and month of its own date (as its dateline reads it), not of the site's time zone.
 */
export function archivePages<T extends {date: string}>(releases: readonly T[]): Array<ArchivePage<T>> {
  const years: Array<ArchiveYear<T>> = []
  for (const release of releases) {
    const year = release.date.slice(0, 4)
    const month = release.date.slice(5, 7)
    let ofYear = years.find((entry) => entry.year === year)
    if (!ofYear) years.push((ofYear = {year, path: `${archivePath}${year}/`, months: [], releases: []}))
    let ofMonth = ofYear.months.find((entry) => entry.month === month)
    if (!ofMonth) ofYear.months.push((ofMonth = {year, month, path: `${archivePath}${year}/${month}/`, releases: []}))
    ofYear.releases.push(release)
    ofMonth.releases.push(release)
  }
  // Releases come newest first but a time zone's offset may reorder two of them across a month's end: sort to be sure.
  years.sort((a, b) => b.year.localeCompare(a.year))
  for (const year of years) year.months.sort((a, b) => b.month.localeCompare(a.month))
  const months = years.flatMap((year) => year.months)
  const pages: Array<ArchivePage<T>> = [{level: 'root', path: archivePath, years, releases: []}]
  years.forEach((year, index) => {
    pages.push({level: 'year', path: year.path, year, ...neighbours(years, index), releases: year.releases})
    for (const month of year.months) pages.push({level: 'month', path: month.path, month, ...neighbours(months, months.indexOf(month)), releases: month.releases})
  })
  return pages
}

function neighbours<U>(list: readonly U[], index: number): {newer?: U; older?: U} {
  const newer = list[index - 1]
  const older = list[index + 1]
  return {...(newer === undefined ? {} : {newer}), ...(older === undefined ? {} : {older})}
}

/**
 * What an archive page shows besides its entries: the years and months it links to with their sizes, so adding a
 * release rewrites the root, its year and its month, and a month's neighbours only when a month is new.
 */
export function archivePageParts<T>(page: ArchivePage<T>): string[] {
  if (page.level === 'root') return [page.path, 'root', ...page.years.map((year) => `${year.year}:${year.months.map((month) => `${month.month}=${month.releases.length}`).join(',')}`)]
  if (page.level === 'year') return [page.path, 'year', page.newer?.year ?? '', page.older?.year ?? '', ...page.year.months.map((month) => `${month.month}=${month.releases.length}`)]
  return [page.path, 'month', page.newer?.path ?? '', page.older?.path ?? '']
}
