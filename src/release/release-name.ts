/** The parts of a release file name `YYYY-MM-DD-slug.md`. */
export interface ReleaseName {
  fileDate: string
  year: number
  month: number
  day: number
  slug: string
}

const namePattern = /^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/

/** Parse a release file's base name; undefined when it does not follow `YYYY-MM-DD-slug.md`. */
export function parseReleaseName(baseName: string): ReleaseName | undefined {
  const match = namePattern.exec(baseName)
  if (!match) return undefined
  const [, year, month, day, slug] = match as unknown as [string, string, string, string, string]
  return {fileDate: `${year}-${month}-${day}`, year: Number(year), month: Number(month), day: Number(day), slug}
}
