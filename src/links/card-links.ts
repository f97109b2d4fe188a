import {newestFirst, type MediaItem, type Release} from '../release/release.js'

/** The size of every social card, in pixels: the 1.91:1 picture Open Graph and X (Twitter) show largest. */
export const cardSize = {width: 1200, height: 630} as const

/** Site paths of the generated social cards. Stable: networks cache a shared link's picture by its URL. */
export const cardPaths = {
  release: (id: string) => `/cards/${id}.png`,
  // Release ids start with a date, so no release's card can take this name.
  newsroom: '/cards/newsroom.png'
}

/** Whether a release gets a generated card: one without an image media item (the images output crops those). */
export function hasCard(release: {media: readonly Pick<MediaItem, 'kind'>[]}): boolean {
  return !release.media.some((item) => item.kind === 'image')
}

/**
 * The ids of the releases shared with a card of their own: the newest `recent` of `releases` without an image, by the
 * listings' order (newest first, then id), whatever order they come in, so every build path picks the same ones.
 */
export function ownCardIds(releases: readonly Pick<Release, 'id' | 'timestamp' | 'media'>[], recent: number): Set<string> {
  return new Set(releases.filter(hasCard).sort(newestFirst).slice(0, recent).map((release) => release.id))
}
