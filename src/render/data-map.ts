import type {ReleaseMeta} from '../release/validate-release.js'

declare module 'vfile' {
  interface DataMap {
    /** The validated front matter of the release being rendered (set before the pipeline runs). */
    meta: ReleaseMeta
    /** The snippet: front matter `summary` or derived from the lede (written by `rehypeSnippet`). */
    summary: string
  }
}

export {}
