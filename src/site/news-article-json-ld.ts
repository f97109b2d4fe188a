import type {Config} from '../config/config-schema.js'
import {formatInOffset} from '../release/iso-date.js'
import {mediaTopicScheme, mediaTopicUri} from '../release/media-topics.js'
import type {Release} from '../release/release.js'
import {renditionUrl} from '../links/rendition-url.js'
import type {ReleaseOrganization} from '../release/organization.js'
import {releaseCardImage} from './social-image.js'

/** A JSON value, for the structured data we emit. */
type Json = string | number | boolean | null | Json[] | {[key: string]: Json}

/** The schema.org `NewsArticle` of a release, as a plain object (what search engines read from the page). */
export function newsArticle(release: Release, config: Config): {[key: string]: Json} {
  // The social crop first: it is the size search engines and link previews ask for; then each original.
  const images = release.media.filter((item) => item.kind === 'image').flatMap((item) => {
    const social = item.sitePath === undefined ? undefined : release.images?.[item.sitePath]?.social
    return social === undefined ? [item.url] : [renditionUrl(config.baseUrl, social.path), item.url]
  })
  const source: {[key: string]: Json} = {'@type': 'Organization', name: release.source.name}
  if (release.source.url) source.url = release.source.url
  const publisher: {[key: string]: Json} = {'@type': 'Organization', name: config.publisher?.name ?? config.title}
  const publisherUrl = config.publisher ? config.publisher.url : config.baseUrl + '/'
  if (publisherUrl) publisher.url = publisherUrl
  if (config.publisher?.logo) publisher.logo = {'@type': 'ImageObject', url: config.publisher.logo}

  // A release from named organizations is theirs: they are its source and publisher, with their ticker symbols.
  const organizations = release.organizations.map(organizationJson)
  const from: Json = organizations.length === 0 ? source : organizations.length === 1 ? (organizations[0] as Json) : organizations
  const article: {[key: string]: Json} = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: release.title,
    datePublished: release.date,
    dateline: release.dateline,
    description: release.summary,
    // A press release is written by the organisation it comes from: search engines ask for an author.
    author: from,
    sourceOrganization: from,
    publisher: organizations[0] ?? publisher,
    inLanguage: release.language,
    url: release.url,
    mainEntityOfPage: {'@type': 'WebPage', '@id': release.url}
  }
  if (release.subtitle) article.alternativeHeadline = release.subtitle
  const modified = release.updatedAt === undefined ? undefined : formatInOffset(release.updatedAt, release.offsetMinutes)
  if (modified !== undefined) article.dateModified = modified
  if (release.correction !== undefined) {
    // schema.org's CreativeWork `correction`: a CorrectionComment, dated by the version that carries it when known.
    article.correction = {'@type': 'CorrectionComment', text: release.correction, ...(modified === undefined ? {} : {datePublished: modified})}
  }
  // Search engines show an article with an image larger: one without gets its generated card.
  const card = images.length === 0 ? releaseCardImage(release, config) : undefined
  if (images.length > 0) article.image = images
  else if (card) article.image = [{'@type': 'ImageObject', url: card.url, width: card.width, height: card.height}]
  if (release.tags.length > 0) article.keywords = release.tags
  // Each Media Topic as the term of IPTC's vocabulary it is, with its URI as `@id`: a reader that knows the code needs
  // no label in our language.
  if (release.subjects.length > 0) {
    article.about = release.subjects.map((topic) => ({
      '@type': 'DefinedTerm',
      '@id': mediaTopicUri(topic),
      name: topic.label,
      termCode: `medtop:${topic.code}`,
      inDefinedTermSet: mediaTopicScheme
    }))
  }
  return article
}

function organizationJson(organization: ReleaseOrganization): {[key: string]: Json} {
  // schema.org gives `tickerSymbol` to a Corporation (an Organization): a listed company is one.
  const json: {[key: string]: Json} = {'@type': organization.tickers.length > 0 ? 'Corporation' : 'Organization', name: organization.name}
  if (organization.url !== undefined) json.url = organization.url
  if (organization.logo !== undefined) json.logo = {'@type': 'ImageObject', url: organization.logo}
  if (organization.tickers.length > 0) json.tickerSymbol = organization.tickers.length === 1 ? (organization.tickers[0] as string) : organization.tickers
  return json
}

// The characters that could end the script element (`</script>`), open an HTML comment (`<!--`) or, in old
// JavaScript engines, end a line inside a string literal.
const unsafeInScript = /[<>&\u2028\u2029]/g

/** Serialize JSON for an inline `<script>`: no text inside can close the element, whatever the release says. */
export function jsonForScript(value: Json): string {
  return JSON.stringify(value).replace(unsafeInScript, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The escaped JSON-LD text of a release, ready for `<script type="application/ld+json">`. */
export function newsArticleJsonLd(release: Release, config: Config): string {
  return jsonForScript(newsArticle(release, config))
}
