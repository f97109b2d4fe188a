import type {Config} from '../config/config-schema.js'
import {sizedImageUrl} from '../links/rendition-url.js'
import type {Release} from '../release/release.js'

/** A picture's box in the email: the width and height attributes it is drawn at, so the layout does not jump. */
export interface PictureBox {
  width: number
  height: number
}

// The 1200×630 shape of the social crop: a release image drawn in it is the crop itself once that is what we link to,
// and until then `object-fit: cover` keeps other shapes undistorted where clients honour it.
/** The lead release's picture: the full content column of the 600 px layout. */
export const leadPicture: PictureBox = {width: 552, height: 290}
/** A further release's thumbnail, beside its text. */
export const thumbnailPicture: PictureBox = {width: 160, height: 84}

/** One release as the email templates show it. */
export interface EmailEntry {
  title: string
  subtitle: string | undefined
  url: string
  language: string
  datelineText: string
  summary: string
  image: ({url: string; alt: string} & PictureBox) | undefined
  source: Release['source']
  /** The organizations' names, the primary first. */
  organizations: string[]
  /** The release's tags, as topics. */
  topics: string[]
}

/** The newsroom as an email's masthead and footer show it. */
export interface EmailSite {
  title: string
  url: string
  language: string
  /** The publisher's logo (config `publisher.logo`), absolute, if any. */
  logo: string | undefined
  publisher: string
}

/** The masthead data of `config`'s newsroom. */
export function emailSite(config: Config): EmailSite {
  return {
    title: config.title,
    url: `${config.baseUrl}/`,
    language: config.language,
    logo: config.publisher?.logo,
    publisher: config.publisher?.name ?? config.title
  }
}

/** A release as an email shows it, its first image as an absolute URL in `box`. */
export function emailEntry(config: Config, release: Release, box: PictureBox): EmailEntry {
  const image = release.media.find((item) => item.kind === 'image')
  return {
    title: release.title,
    subtitle: release.subtitle,
    url: release.url,
    language: release.language,
    datelineText: release.datelineText,
    summary: release.summary,
    // Mail clients have no page address to resolve against and take no WebP or AVIF: an absolute URL on the
    // production host, of a sized JPEG or PNG twice the box for sharp screens when the build made one.
    image: image && {url: sizedImageUrl(release, image, config.baseUrl, 2 * box.width), alt: image.alt ?? image.caption ?? release.title, ...box},
    source: release.source,
    organizations: release.organizations.map((organization) => organization.name),
    topics: release.tags
  }
}
