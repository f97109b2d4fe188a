import {basename} from 'node:path'
import {VFile} from 'vfile'
import type {RenderConfig} from '../config/render-config.js'
import {chromeString, loadCatalogues} from '../liquid/chrome-strings.js'
import {textDirection} from '../liquid/text-direction.js'
import {locator} from '../report/locator.js'
import {report} from '../report/report.js'
import type {RenderOrganization} from '../render/data-map.js'
import {truncateAtWord} from '../render/truncate-at-word.js'
import {isCalendarDate} from './iso-date.js'
import {primaryLanguage} from './primary-language.js'
import {readFrontMatter} from './read-front-matter.js'
import {removeControlCharacters} from './remove-control-characters.js'
import type {Release} from './release.js'
import {noOrganizations, organizationFor, type Organization, type OrganizationSet} from './organization.js'
import {parseReleaseName} from './release-name.js'
import {validateRelease} from './validate-release.js'

const utf8 = new TextDecoder('utf-8', {fatal: true})

// Loaded on first use, and once (each dynamic import costs a trip through the module loader): a rebuild whose
// releases all come from the cache never pays for unified.
let processorModule: Promise<typeof import('../render/create-processor.js')> | undefined

/** Read, check and render one release file. Problems are messages on the returned file; `release` only when it has none fatal. */
export async function loadRelease(path: string, bytes: Uint8Array, config: RenderConfig, organizations: OrganizationSet = noOrganizations): Promise<LoadedRelease> {
  const file = new VFile({path})
  const name = parseReleaseName(basename(path))
  const start = {line: 1, column: 1}
  if (!name) {
    report(file, 'file-name-invalid', `Unexpected file name \`${basename(path)}\`, expected \`YYYY-MM-DD-slug.md\``, start)
  } else if (!isCalendarDate(name.year, name.month, name.day)) {
    report(file, 'file-date-invalid', `Unexpected date \`${name.fileDate}\` in the file name, expected a real calendar date`, start)
  }
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes)
    report(file, 'file-encoding-invalid', 'Unexpected bytes that are not UTF-8, expected a UTF-8 text file', locator(lossy)(Math.max(0, lossy.indexOf('\uFFFD'))))
    return {file}
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return await checkAndRender(file, text, config, organizations)
  } catch (error) {
    // Whatever a release does to a stage (a stack overflow, a plugin's bug) is a problem of that file, reported on it
    // like any other, on the main thread and in a worker alike: the other files are still checked and the build fails.
    report(file, 'render-failed', `Unexpected failure while rendering: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, start)
    return {file}
  }
}

async function checkAndRender(file: VFile, decoded: string, config: RenderConfig, organizations: OrganizationSet): Promise<LoadedRelease> {
  const name = parseReleaseName(basename(file.path))
  const text = removeControlCharacters(file, decoded)
  file.value = text
  const matter = readFrontMatter(file, text)
  if (!matter || !name || file.messages.some((message) => message.fatal)) return {file}
  const named = namedOrganizations(matter.data)
  const meta = validateRelease(file, matter, name, config, organizations)
  if (!meta) return {file, organizations: named}
  // The attribution's label and the closing blocks' headings are chrome in the release's language, from the same
  // catalogues as the templates'.
  const word = (key: string) => chromeString(loadCatalogues(), meta.language, key)
  const closingWords = {about: word('about-organization'), forwardLooking: word('forward-looking'), contacts: word('media-contacts')}
  file.data.meta = {...meta, sourceLabel: word('source'), closingWords}
  file.data.organizations = meta.organizations.map(({slug}) => withTextLanguage(organizationFor(organizations, slug, meta.language) as Organization, organizations, config.language, meta.language))
  const {renderBodies} = await (processorModule ??= import('../render/create-processor.js'))
  const {html, xhtml} = await renderBodies(file, matter.body)
  if (file.messages.some((message) => message.fatal)) return {file, organizations: named}
  const summary = file.data.summary ?? truncateAtWord(meta.title, 160)
  return {file, release: {...meta, summary, body: {html, xhtml}}, organizations: named}
}

/** What checking one release file gave, and the organization slugs its front matter names (what its render read). */
export interface LoadedRelease {
  file: VFile
  release?: Release
  organizations?: string[]
}

function namedOrganizations(data: Record<string, unknown>): string[] | undefined {
  const named = [data.organization, ...(Array.isArray(data.organizations) ? data.organizations : [])].filter((slug): slug is string => typeof slug === 'string')
  return named.length > 0 ? named.map((slug) => slug.trim()) : undefined
}

/**
 * An organization as a release in `language` renders it: marked with the site's language when its words come from the
 * base file and the release is in another, so its boilerplate is announced and shaped in its own language.
 */
function withTextLanguage(organization: Organization, organizations: OrganizationSet, siteLanguage: string, language: string): RenderOrganization {
  if (organizations.bySlug[organization.slug]?.base !== organization || primaryLanguage(siteLanguage) === primaryLanguage(language)) return organization
  const dir = textDirection(siteLanguage)
  return {...organization, textLanguage: {lang: siteLanguage, ...(dir === textDirection(language) ? {} : {dir})}}
}
