import type {VFile} from 'vfile'
import type {z} from 'zod'
import type {RenderConfig} from '../config/render-config.js'
import {boundedMemo} from '../bounded-memo.js'
import {report} from '../report/report.js'
import {closestWord} from './closest-word.js'
import {formatDateline} from './format-dateline.js'
import {expectedOf, frontMatterSchema, knownKeys} from './front-matter-schema.js'
import {parseMediaItems} from './parse-media.js'
import {editDistance} from './edit-distance.js'
import {parseSubjects} from './parse-subjects.js'
import {tagSlug} from './tag-slug.js'
import {type OffsetDate, parseOffsetDate, startOfDayInZone} from './iso-date.js'
import type {FrontMatter} from './read-front-matter.js'
import {noOrganizations, organizationFor, releaseOrganization, type Organization, type OrganizationSet} from './organization.js'
import type {FrontMatterData} from './front-matter-schema.js'
import type {Release} from './release.js'
import type {ReleaseName} from './release-name.js'

/** A release before rendering: everything but what the body gives. */
export type ReleaseMeta = Omit<Release, 'body' | 'summary'> & {summary?: string}

/**
 * The longest tag slug, in UTF-8 bytes: it names a folder, and file systems allow 255 bytes in one name; the margin
 * leaves room for the suffixes a writer may add.
 */
export const maxTagSlugBytes = 200

/** Check front matter against the release format; every problem is reported on `file`. */
export function validateRelease(file: VFile, matter: FrontMatter, name: ReleaseName, config: RenderConfig, organizationSet: OrganizationSet = noOrganizations): ReleaseMeta | undefined {
  let holdMisspelt = false
  for (const key of Object.keys(matter.data)) {
    if (knownKeys.has(key)) continue
    // A typo in a key that holds a release back would publish it: that one fails the build instead of warning.
    const hold = holdKeyNear(key)
    if (hold !== undefined) {
      holdMisspelt = true
      report(file, 'hold-key-misspelt', `Unexpected key \`${key}\`, did you mean \`${hold}\`? (a release is published at once without it)`, matter.placeOf([key]))
      continue
    }
    const near = closestKey(key)
    const expected = near ? `\`${near}\`?` : `one of ${[...knownKeys].map((k) => `\`${k}\``).join(', ')}`
    report(file, 'unknown-key', `Unexpected key \`${key}\`, expected ${expected}`, matter.placeOf([key]))
  }
  const result = frontMatterSchema.safeParse(matter.data)
  if (!result.success) {
    reportSchemaIssues(file, matter, result.error.issues)
    return undefined
  }
  if (holdMisspelt) return undefined
  const data = result.data
  let ok = true

  // Without a valid `date`, the release is dated at the start of its file name's day in the newsroom's time zone
  // (worked out only then: the first time zone lookup loads ICU's zone data).
  let date: OffsetDate | undefined
  if (data.date !== undefined) {
    const parsed = parseOffsetDate(data.date)
    if (!parsed) {
      ok = false
      report(file, 'date-invalid', `Unexpected date \`${data.date}\`, expected an ISO 8601 date-time with offset such as \`${name.fileDate}T09:00:00+00:00\``, matter.placeOf(['date'], 'value'))
    } else if (parsed.localDate !== name.fileDate) {
      ok = false
      report(file, 'date-mismatch', `Unexpected date \`${data.date}\` (${parsed.localDate} in its own offset), expected a time on \`${name.fileDate}\` (the file name's date)`, matter.placeOf(['date'], 'value'))
    } else date = parsed
  }
  date ??= startOfDayInZone(name.fileDate, config.timeZone)

  let embargo: number | undefined
  if (data.embargo !== undefined) {
    const parsed = parseOffsetDate(data.embargo)
    if (parsed) embargo = parsed.timestamp
    else {
      ok = false
      report(file, 'embargo-invalid', `Unexpected embargo \`${data.embargo}\`, expected an ISO 8601 date-time with offset`, matter.placeOf(['embargo'], 'value'))
    }
  }

  let language = config.language
  if (data.language !== undefined) {
    const canonical = canonicalLanguage(data.language)
    if (canonical) language = canonical
    else {
      ok = false
      report(file, 'language-invalid', `Unexpected language \`${data.language}\`, expected a BCP 47 tag such as \`en\`, \`de\` or \`zh-Hans\``, matter.placeOf(['language'], 'value'))
    }
  }

  const media = parseMediaItems(file, matter, data.media, config.baseUrl)
  if (!media) ok = false

  if (data.summary !== undefined && [...data.summary].length > 160) {
    report(file, 'summary-too-long', `Unexpected summary of ${[...data.summary].length} characters, expected at most 160`, matter.placeOf(['summary'], 'value'))
  }

  // Each tag's slug names a folder of the output (`tags/<slug>/`): past the file system's limit on one name, writing
  // it fails with ENAMETOOLONG, after every release was rendered and with no file named.
  const tagList = typeof data.tags === 'string' ? [data.tags] : (data.tags ?? [])
  tagList.forEach((tag, index) => {
    const bytes = Buffer.byteLength(tagSlug(tag))
    if (bytes <= maxTagSlugBytes) return
    ok = false
    const shown = [...tag].length > 40 ? `${[...tag].slice(0, 37).join('')}...` : tag
    report(file, 'tag-too-long', `Unexpected tag \`${shown}\` of ${bytes} bytes as a file name, expected at most ${maxTagSlugBytes}`, matter.placeOf(typeof data.tags === 'string' ? ['tags'] : ['tags', index], 'value'))
  })

  const subjects = parseSubjects(file, matter, data.subjects)
  if (!subjects) ok = false
  const organizations = resolveOrganizations(file, matter, data, organizationSet, language)
  if (!organizations) ok = false

  if (!ok || !media || !subjects || !organizations) return undefined
  const source = typeof data.source === 'string' ? {name: data.source} : data.source
  if (source.url !== undefined && !/^https?:\/\//i.test(source.url)) {
    report(file, 'source-url-invalid', `Unexpected source url \`${source.url}\`, expected an absolute http(s) URL`, matter.placeOf(['source', 'url'], 'value'))
    return undefined
  }
  const distributor = data.distributor === undefined ? config.distributor : (data.distributor ?? '')
  const {text: datelineText, displayDate} = formatDateline(data.dateline, date.localDate, distributor, language)
  const id = `${name.fileDate}-${name.slug}`
  const urlPath = `/releases/${id}/`
  const tags = typeof data.tags === 'string' ? [data.tags] : [...new Set(data.tags ?? [])]
  return {
    id,
    path: file.path,
    slug: name.slug,
    fileDate: name.fileDate,
    urlPath,
    url: config.baseUrl + urlPath,
    title: data.title,
    ...(data.subtitle ? {subtitle: data.subtitle} : {}),
    dateline: data.dateline,
    datelineText,
    displayDate,
    source: source.url === undefined ? {name: source.name} : {name: source.name, url: source.url},
    date: date.iso,
    offsetMinutes: date.offsetMinutes,
    timestamp: date.timestamp,
    ...(data.summary ? {summary: data.summary} : {}),
    media,
    tags,
    subjects,
    language,
    distributor: distributor.trim(),
    ...(embargo === undefined ? {} : {embargo, embargoText: data.embargo}),
    draft: data.draft ?? false,
    ...(data.featured === true ? {featured: true} : {}),
    ...(data.correction ? {correction: data.correction} : {}),
    organizations: organizations.map(releaseOrganization),
    ...(data.translationKey === undefined ? {} : {translationKey: data.translationKey, translationKeyPlace: placePoint(matter.placeOf(['translationKey'], 'value'))})
  }
}

/** The organizations a release names, in its language; an unknown slug is reported with the nearest known one. */
function resolveOrganizations(file: VFile, matter: FrontMatter, data: FrontMatterData, set: OrganizationSet, language: string): Organization[] | undefined {
  if (data.organization !== undefined && data.organizations !== undefined) {
    report(file, 'key-type', 'Unexpected both `organization` and `organizations`, expected one of them', matter.placeOf(['organizations']))
    return undefined
  }
  const key = data.organization === undefined ? 'organizations' : 'organization'
  const slugs = data.organization === undefined ? (data.organizations ?? []) : [data.organization]
  const found: Organization[] = []
  let ok = true
  slugs.forEach((slug, index) => {
    const organization = organizationFor(set, slug, language)
    if (organization) return void found.push(organization)
    ok = false
    const near = closestWord(slug, Object.keys(set.bySlug))
    const known = Object.keys(set.bySlug)
    const expected = near ? `did you mean \`${near}\`?` : known.length > 0 ? `expected one of ${known.map((k) => `\`${k}\``).join(', ')}` : 'expected a file `organizations/' + slug + '.md`'
    report(file, 'organization-unknown', `Unexpected organization \`${slug}\`, ${expected}`, matter.placeOf(key === 'organization' ? [key] : [key, index], 'value'))
  })
  return ok ? found : undefined
}

// The keys that hold a release back, with how many edits away a typo of each still counts: `date` is short enough
// that two edits reach common words (`name`, `site`).
const holdKeys: ReadonlyArray<[key: string, maxEdits: number]> = [['embargo', 2], ['draft', 2], ['date', 1]]

/** The key that holds a release back which `key` misspells: same letters in another case or order, or a few edits away. */
export function holdKeyNear(key: string): string | undefined {
  const lower = key.trim().toLowerCase()
  const letters = (text: string) => [...text].sort().join('')
  for (const [hold, maxEdits] of holdKeys) {
    if (lower === hold || letters(lower) === letters(hold) || editDistance(lower, hold) <= maxEdits) return hold
  }
  return undefined
}

/** The known key a typo most likely meant (at most two edits away), if any. */
function closestKey(key: string): string | undefined {
  return closestWord(key, knownKeys)
}

function placePoint(point: {line: number; column: number}): {line: number; column: number} {
  return {line: point.line, column: point.column}
}

// Once per tag: ICU's canonical form is asked for every release, of a newsroom's few languages.
const canonicalLanguage = boundedMemo(canonicalTag, 256)

function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0]
  } catch {
    return undefined
  }
}

function reportSchemaIssues(file: VFile, matter: FrontMatter, issues: readonly z.core.$ZodIssue[]) {
  const seen = new Set<string>()
  for (const issue of issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol')
    const key = path.join('.')
    if (seen.has(key)) continue
    seen.add(key)
    const top = String(path[0] ?? '')
    const expected = expectedOf[top] ?? 'a valid value'
    if (valueAt(matter.data, path) === undefined && path.length > 0) {
      report(file, 'missing-key', `Missing required key \`${key}\`, expected ${expected}`, path.length > 1 ? matter.placeOf(path.slice(0, -1)) : {line: 1, column: 1})
    } else if (issue.code === 'unrecognized_keys') {
      report(file, 'unknown-key', `Unexpected key \`${issue.keys.join('`, `')}\` in \`${key}\`, expected ${expected}`, matter.placeOf(path))
    } else {
      const shown = JSON.stringify(valueAt(matter.data, path)) ?? 'nothing'
      report(file, 'key-type', `Unexpected \`${key}\` value ${shown.length > 40 ? shown.slice(0, 37) + '...' : shown}, expected ${expected}`, matter.placeOf(path, 'value'))
    }
  }
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = data
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[part]
  }
  return value
}
