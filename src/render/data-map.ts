/**
 * What the pipeline's stages read of the release being rendered: `release/`'s validated front matter is one. Declared
 * here, so the render stages know no more of the model than they use, and `release/` imports `render/`, not back.
 */
export interface RenderMeta {
  /** The full wire dateline, put in bold before the lede. */
  datelineText: string
  /** The attribution printed as `Source: …` at the end. */
  source: {name: string; url?: string}
  /** The words before the source's name in the release's language (`Source:`, `Quelle:`); default `Source:`. */
  sourceLabel?: string
  /** The closing blocks' headings in the release's language; default English. */
  closingWords?: ClosingWords
  /** The front matter's summary, when it gives one. */
  summary?: string
}

/** The headings of the closing blocks; `about` names the organization where it says `{name}` (`About {name}`). */
export interface ClosingWords {
  about: string
  forwardLooking: string
  contacts: string
}

/** What the closing blocks and tickers read of an organization a release names (in the release's language). */
export interface RenderOrganization {
  slug: string
  name: string
  tickers: string[]
  contacts: Array<{name: string; role?: string; email?: string; phone?: string}>
  /** Markdown. */
  forwardLooking?: string
  /** The boilerplate, Markdown. */
  about: string
  /**
   * The language of `about` and `forwardLooking` when it is not the release's (the base file, in the site's language,
   * for want of a variant in the release's), with its direction where that differs from the release's too.
   */
  textLanguage?: {lang: string; dir?: 'ltr' | 'rtl'}
}

declare module 'vfile' {
  interface DataMap {
    /** The validated front matter of the release being rendered (set before the pipeline runs). */
    meta: RenderMeta
    /** The snippet: front matter `summary` or derived from the lede (written by `rehypeSnippet`). */
    summary: string
    /** The organizations the release names, primary first (set before the pipeline runs). */
    organizations: RenderOrganization[]
  }
}
