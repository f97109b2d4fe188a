import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {stringify} from 'yaml'
import type {Config} from './config/config-schema.js'
import {PressroomError} from './report/pressroom-error.js'
import {isCalendarDate} from './release/iso-date.js'

/** A slug from a title: ASCII letters and digits, single dashes; `release` when the title has none (e.g. CJK titles). */
export function slugFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 8)
    .join('-')
  return slug || 'release'
}

/** Write a new release file with the required keys, as a draft so it never goes out half-written. Returns its path. */
export async function newRelease(options: {title: string; date: string; releasesDir: string; config: Config}): Promise<string> {
  const [year, month, day] = options.date.split('-').map(Number) as [number, number, number]
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date) || !isCalendarDate(year, month, day)) {
    throw new PressroomError('ARGUMENT_INVALID', `Could not read --date \`${options.date}\` as a calendar date`, {hint: 'Use YYYY-MM-DD, e.g. --date 2025-09-15'})
  }
  const path = join(options.releasesDir, `${options.date}-${slugFromTitle(options.title)}.md`)
  const matter = stringify({
    title: options.title,
    dateline: 'CITY, Region',
    source: options.config.publisher?.name ?? options.config.title,
    tags: [],
    draft: true
  })
  const body = 'Write the lede here: who, what, when, where. The dateline is added before it.\n\nMore paragraphs follow.\n'
  await mkdir(options.releasesDir, {recursive: true})
  try {
    await writeFile(path, `---\n${matter}---\n\n${body}`, {flag: 'wx'})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PressroomError('RELEASE_EXISTS', `\`${path}\` already exists`, {hint: 'Pick another title or --date, or edit the existing file'})
    }
    throw error
  }
  return path
}
