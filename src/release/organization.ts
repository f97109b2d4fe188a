/**
 * Glossary: an organization is a company or body that issues releases, described once in `organizations/<slug>.md`
 * (name, url, logo, tickers, media contacts, forward-looking statements; the body is its "About" boilerplate), with
 * per-language variants in `organizations/<slug>.<lang>.md`. A joint release names several; the first is primary.
 */

import {primaryLanguage} from './primary-language.js'

/** One media contact printed at the end of a release. */
export interface OrganizationContact {
  name: string
  role?: string
  email?: string
  phone?: string
}

/** An organization as one file (or a file and its language variant) describes it. Plain data: it crosses to workers. */
export interface Organization {
  slug: string
  name: string
  url?: string
  /** An absolute URL (a site path is resolved against `baseUrl`). */
  logo?: string
  /** `EXCHANGE: SYMBOL`, as wires print them in the lead. */
  tickers: string[]
  contacts: OrganizationContact[]
  /** The forward-looking statements, as Markdown. */
  forwardLooking?: string
  /** The boilerplate printed under "About <name>", as Markdown. */
  about: string
}

/** Every organization of a newsroom: the base file and its language variants, and a hash of the files of each slug. */
export interface OrganizationSet {
  bySlug: Record<string, {base: Organization; languages: Record<string, Organization>}>
  /** sha256 of every file of a slug (base and variants): what a release that names it is rendered from. */
  hashes: Record<string, string>
}

/** An empty set: for callers that load no organizations folder. */
export const noOrganizations: OrganizationSet = {bySlug: {}, hashes: {}}

/** The organization `slug` as a release in `language` shows it: the variant of that language, else of its primary subtag, else the base. */
export function organizationFor(set: OrganizationSet, slug: string, language: string): Organization | undefined {
  const entry = set.bySlug[slug]
  if (!entry) return undefined
  const lower = language.toLowerCase()
  return entry.languages[lower] ?? entry.languages[primaryLanguage(lower)] ?? entry.base
}

/** What a release keeps of each organization it names, for feeds, JSON-LD and emails (the blocks are in its body). */
export interface ReleaseOrganization {
  slug: string
  name: string
  url?: string
  logo?: string
  tickers: string[]
  /** Its media contacts, which the release page also shows beside the text (none when not given). */
  contacts?: OrganizationContact[]
}

/** The fields of `organization` a release keeps. */
export function releaseOrganization(organization: Organization): ReleaseOrganization {
  const {slug, name, url, logo, tickers, contacts} = organization
  return {slug, name, ...(url === undefined ? {} : {url}), ...(logo === undefined ? {} : {logo}), tickers, ...(contacts.length === 0 ? {} : {contacts})}
}

/** The folder of organization files: `organizations/` beside the releases folder. */
export function organizationsDirOf(releasesDir: string): string {
  const trimmed = releasesDir.replace(/[\\/]+$/, '')
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'))
  return cut < 0 ? 'organizations' : `${trimmed.slice(0, cut)}/organizations`
}

/** The releases of each organization (newest first, as given), by slug; each organization as its newest release shows it. */
export function organizationGroups<R extends {organizations: readonly ReleaseOrganization[]}>(releases: readonly R[]): Array<{organization: ReleaseOrganization; releases: R[]}> {
  const groups = new Map<string, {organization: ReleaseOrganization; releases: R[]}>()
  for (const release of releases) {
    for (const organization of release.organizations) {
      const group = groups.get(organization.slug)
      if (group) group.releases.push(release)
      else groups.set(organization.slug, {organization, releases: [release]})
    }
  }
  return [...groups.values()].sort((a, b) => (a.organization.slug < b.organization.slug ? -1 : 1))
}
