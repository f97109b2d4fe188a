import type {Config} from '../config/config-schema.js'
import {escapeXml} from '../html/xml-text.js'
import {type Release, releaseXhtml} from '../release/release.js'

/** The NewsML-G2 version pressroom writes, and the XML namespace of every NewsML-G2 element. */
export const newsmlStandard = {version: '2.35', namespace: 'http://iptc.org/std/nar/2006-10-01/'} as const

/** IPTC's catalog of the schemes our qcodes use (`ninat`, `stat`, `medtop`). */
const iptcCatalog = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_34.xml'

/** What the publication ledger says of a release: its version and when that version and the first were public. */
export interface NewsmlVersion {
  version: number
  /** ISO 8601 instants. */
  firstCreated: string
  versionCreated: string
}

/** The version of a release the build has no ledger for: its first, public from its date (or its embargo's end). */
export function firstVersion(release: Pick<Release, 'date' | 'embargo' | 'timestamp'>): NewsmlVersion {
  const at = release.embargo !== undefined && release.embargo > release.timestamp ? new Date(release.embargo).toISOString() : release.date
  return {version: 1, firstCreated: at, versionCreated: at}
}

/**
 * The guid of a release's news item: a tag URI (RFC 4151) from the newsroom's host and the release id alone, so every
 * version of the release, however it is edited, is the same item to an agency.
 */
export function newsItemGuid(release: Pick<Release, 'id' | 'fileDate'>, config: Pick<Config, 'baseUrl'>): string {
  return `tag:${new URL(config.baseUrl).hostname},${release.fileDate}:pressroom/${release.id}`
}

/**
 * A published release as a NewsML-G2 `newsItem` (without the XML declaration): text, usable, its Media Topics as
 * subjects, the dateline's place as `located`, the source as `infoSource`, and the body as XHTML.
 *
 * No `embargoed`: a release is only ever written once its embargo has passed, and an embargo in the past tells an
 * agency nothing.
 */
export function newsItem(release: Release, config: Config, version: NewsmlVersion): string {
  const x = escapeXml
  const publisher = config.publisher?.name ?? config.title
  const providerUri = config.publisher?.url ?? `${config.baseUrl}/`
  const source = release.source
  const lines = [
    `<newsItem xmlns="${newsmlStandard.namespace}" guid="${x(newsItemGuid(release, config))}" version="${version.version}" standard="NewsML-G2" standardversion="${newsmlStandard.version}" conformance="power" xml:lang="${x(release.language)}">`,
    `  <catalogRef href="${iptcCatalog}"/>`,
    '  <itemMeta>',
    '    <itemClass qcode="ninat:text"/>',
    `    <provider uri="${x(providerUri)}"><name>${x(publisher)}</name></provider>`,
    `    <versionCreated>${x(version.versionCreated)}</versionCreated>`,
    `    <firstCreated>${x(version.firstCreated)}</firstCreated>`,
    '    <pubStatus qcode="stat:usable"/>',
    `    <link rel="irel:seeAlso" href="${x(release.url)}" contenttype="text/html"/>`,
    '  </itemMeta>',
    '  <contentMeta>',
    `    <contentCreated>${x(release.date)}</contentCreated>`,
    `    <located><name>${x(release.dateline)}</name></located>`,
    `    <infoSource${source.url === undefined ? '' : ` uri="${x(source.url)}"`}><name>${x(source.name)}</name></infoSource>`,
    `    <language tag="${x(release.language)}"/>`,
    // IPTC's genre NewsCodes are not shipped with pressroom, so the genre is a literal, not a guessed code.
    '    <genre literal="press-release"><name xml:lang="en">press release</name></genre>',
    ...release.subjects.map((topic) => `    <subject type="cpnat:abstract" qcode="medtop:${topic.code}"><name xml:lang="en-GB">${x(topic.label)}</name></subject>`),
    `    <headline>${x(release.title)}</headline>`,
    `    <dateline>${x(release.datelineText)}</dateline>`,
    `    <description role="drol:summary">${x(release.summary)}</description>`,
    '  </contentMeta>',
    '  <contentSet>',
    '    <inlineXML contenttype="application/xhtml+xml">',
    `      <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="${x(release.language)}"><head><title>${x(release.title)}</title></head><body>${releaseXhtml(release)}</body></html>`,
    '    </inlineXML>',
    '  </contentSet>',
    '</newsItem>'
  ]
  return lines.join('\n')
}
