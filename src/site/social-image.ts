import type {Config} from '../config/config-schema.js'
import {cardPaths, cardSize, hasCard} from '../links/card-links.js'
import type {Release} from '../release/release.js'

/** The picture a page is shared with (Open Graph, X/Twitter card, JSON-LD `image`): an absolute URL and its size. */
export interface SocialImageView {
  url: string
  width: number
  height: number
  alt: string
  type: string
}

/**
 * The card a release without an image is shared with: its own when the build gave it one (see `ownCard`), else the
 * newsroom's; undefined for a release with an image, whose picture is its image's social crop, which the images
 * output fills in.
 */
export function releaseCardImage(release: Pick<Release, 'id' | 'title' | 'media' | 'ownCard'>, config: Pick<Config, 'baseUrl' | 'title'>): SocialImageView | undefined {
  if (!hasCard(release)) return undefined
  if (release.ownCard !== true) return newsroomCardImage(config)
  return {url: config.baseUrl + cardPaths.release(release.id), ...cardSize, alt: release.title, type: 'image/png'}
}

/** The newsroom's own card, which the home page is shared with. */
export function newsroomCardImage(config: Pick<Config, 'baseUrl' | 'title'>): SocialImageView {
  return {url: config.baseUrl + cardPaths.newsroom, ...cardSize, alt: config.title, type: 'image/png'}
}
