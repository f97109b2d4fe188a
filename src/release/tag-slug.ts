import {boundedMemo} from '../bounded-memo.js'

// A newsroom has a few hundred tags but asks for their slugs tens of thousands of times per build.
/** The URL segment of a tag: lowercase, letters and digits of any script, single dashes. `Green Energy` -> `green-energy`. */
export const tagSlug: (tag: string) => string = boundedMemo(
  (tag) =>
    tag
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'tag',
  10_000
)
