import {stringify} from 'yaml'
import {slugFromTitle} from '../new-release.js'
import {startOfDayInZone} from '../release/iso-date.js'
import type {WireRelease} from './extract-wire-release.js'

/** A file the import writes: where, and what. */
export interface ImportedFile {
  path: string
  text: string
}

/**
 * The release file (`YYYY-MM-DD-slug.md`) and the organization file (`<slug>.md`: name, url, tickers, contacts, the
 * boilerplate as its body) of an imported wire release, named and dated as the newsroom names and dates its own.
 */
export function importedFiles(wire: WireRelease, options: {timeZone: string; releasesDir: string; organizationsDir: string; defaultSource: string}): {release: ImportedFile; organization?: ImportedFile & {slug: string}} {
  const organization = wire.organization
  const organizationSlug = organization === undefined ? undefined : slugFromTitle(organization.name)
  const matter = {
    title: wire.title,
    ...(wire.subtitle === undefined ? {} : {subtitle: wire.subtitle}),
    dateline: wire.dateline.place,
    // Midnight in the newsroom's zone keeps the release on the dateline's day wherever the wire's city is.
    date: startOfDayInZone(wire.dateline.date, options.timeZone).iso,
    source: wire.source ?? organization?.name ?? options.defaultSource,
    ...(organizationSlug === undefined ? {} : {organization: organizationSlug}),
    ...(wire.media === undefined ? {} : {media: {url: wire.media.url}}),
    distributor: wire.dateline.distributor
  }
  const release = {
    path: `${options.releasesDir}/${wire.dateline.date}-${slugFromTitle(wire.title)}.md`,
    text: `---\n${stringify(matter, {lineWidth: 0})}---\n\n${wire.body.join('\n\n')}\n`
  }
  if (organization === undefined || organizationSlug === undefined) return {release}
  const organizationMatter = {
    name: organization.name,
    ...(organization.url === undefined ? {} : {url: organization.url}),
    ...(organization.tickers.length === 0 ? {} : {tickers: organization.tickers}),
    ...(organization.contacts.length === 0 ? {} : {contacts: organization.contacts})
  }
  const boilerplate = organization.boilerplate.length === 0 ? '' : `\n${organization.boilerplate.join('\n\n')}\n`
  return {
    release,
    organization: {slug: organizationSlug, path: `${options.organizationsDir}/${organizationSlug}.md`, text: `---\n${stringify(organizationMatter, {lineWidth: 0})}---\n${boilerplate}`}
  }
}
