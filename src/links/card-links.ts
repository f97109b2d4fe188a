import type {MediaItem} from '../release/release.js'

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
