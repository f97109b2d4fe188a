import {boundedMemo} from '../bounded-memo.js'
import type {Release} from '../release/release.js'
import {figureLocale} from '../release/display-date.js'
import type {OrganizationContact} from '../release/organization.js'
import type {ReleasePageExtras, RelatedView} from './release-page-extras.js'

/** A media contact in the side column; `organization` is named when a joint release lists several. */
export interface ContactView extends OrganizationContact {
  organization?: string
  /** `tel:` link of the phone number. */
  tel?: string
}

/** The card of an organization a release is from. */
export interface OrganizationCardView {
  name: string
  href: string
  url?: string
  logo?: string
  tickers: string[]
}

/** A file to download: its link, kind, a short type (`JPEG`) and its size as bytes, when known. */
export interface AssetView {
  href: string
  kind: 'image' | 'video' | 'audio'
  caption?: string
  type: string
  bytes?: number
  /** The size as people read it, in the release's language (`2.4 MB`). */
  fileSize?: string
}

/** What the side column of a release page shows. */
export interface ReleaseAsideView {
  contacts: ContactView[]
  organizations: OrganizationCardView[]
  assets: AssetView[]
  /** Share links as plain URLs: no third-party script runs on the page. */
  share: {email: string; linkedin: string; x: string; bluesky: string}
  related: RelatedView[]
}

/** The side column of `release`'s page. */
export function releaseAsideView(release: Release, extras: ReleasePageExtras, basePath: string): ReleaseAsideView {
  const joint = release.organizations.length > 1
  const contacts = release.organizations.flatMap((organization) =>
    (organization.contacts ?? []).map((contact): ContactView => ({
      ...contact,
      ...(joint ? {organization: organization.name} : {}),
      ...(contact.phone ? {tel: 'tel:' + contact.phone.replace(/[^+\d]/g, '')} : {})
    }))
  )
  const organizations = release.organizations.map((organization): OrganizationCardView => ({
    name: organization.name,
    href: `${basePath}/organizations/${organization.slug}/`,
    tickers: organization.tickers,
    ...(organization.url === undefined ? {} : {url: organization.url}),
    ...(organization.logo === undefined ? {} : {logo: organization.logo})
  }))
  const assets = release.media.map((item): AssetView => {
    const bytes = extras.sizes[item.url] ?? item.length
    return {href: item.url, kind: item.kind, type: shortType(item.mimeType, item.url), ...(item.caption ? {caption: item.caption} : {}), ...(bytes === undefined ? {} : {bytes, fileSize: formatBytes(bytes, release.language)})}
  })
  const url = encodeURIComponent(release.url)
  const title = encodeURIComponent(release.title)
  const share = {
    email: `mailto:?subject=${title}&body=${encodeURIComponent(`${release.title}\n${release.url}`)}`,
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${url}`,
    x: `https://x.com/intent/post?text=${title}&url=${url}`,
    bluesky: `https://bsky.app/intent/compose?text=${encodeURIComponent(`${release.title} ${release.url}`)}`
  }
  return {contacts, organizations, assets, share, related: extras.related}
}

/** `JPEG` from `image/jpeg`, else the file name's extension, upper case. */
function shortType(mimeType: string | undefined, url: string): string {
  const subtype = mimeType?.split('/')[1]?.replace(/^x-/, '').replace(/\+.*$/, '')
  if (subtype) return subtype.toUpperCase()
  const extension = /\.([a-z0-9]{2,5})(?:[?#]|$)/i.exec(new URL(url).pathname)?.[1]
  return extension ? extension.toUpperCase() : ''
}

/** `840 kB`, `2.4 MB`, in `language`'s digits (Latin in Arabic, as its dates) and separators. */
export function formatBytes(bytes: number, language: string): string {
  const [unit, value] = bytes < 1000 ? (['byte', bytes] as const) : bytes < 1_000_000 ? (['kilobyte', bytes / 1000] as const) : (['megabyte', bytes / 1_000_000] as const)
  return byteFormat(`${language}\0${unit}`).format(value)
}

// A formatter is made per language and unit, not per file: making one loads ICU data, and a big newsroom lists
// thousands of files in a few languages.
const byteFormat = boundedMemo((key: string) => {
  const [language = '', unit = 'byte'] = key.split('\0')
  return new Intl.NumberFormat(figureLocale(language), {style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'megabyte' ? 1 : 0})
}, 256)
