import type {Release} from '../release/release.js'

/** The kinds of output, each with its own templates and config fields read (the build cache hashes each kind once). */
export type OutputKind = 'releasePage' | 'index' | 'tag' | 'archive' | 'organization' | 'feeds' | 'newsml' | 'emailPreview' | 'search' | 'card'

/**
 * One file an output writes, as data: where it goes and what it shows. Each output exports the plan of its files; the
 * build layer hands the plans to the build cache, which keys each file by them without knowing any output.
 */
export interface OutputPlan {
  /** Site path: `/releases/<id>/`, `/tags/<slug>/page/2/`, `/archive/2025/09/`, `/rss.xml`, `/email/preview.eml`. */
  path: string
  kind: OutputKind
  /** Whatever else it shows besides its releases (a feed's title, a page's number): a change of one rewrites it. */
  shows: readonly string[]
  /** The releases it shows, newest first. */
  releases: readonly Release[]
  /**
   * Set for an index, tag or archive page: it shows its releases' fields, and what else `reads` says its templates read;
   * `whole` is the tag's whole list, which a tag template may reach beyond the page's entries.
   */
  listing?: {whole?: readonly Release[]; reads: ListingReads}
  /**
   * Set when the output is the whole folder `path` (ending in `/`), whose files the writer names (the search index):
   * kept, every file the last build wrote under it is kept; written, it is written whole.
   */
  folder?: boolean
  /**
   * Of a folder output: the names of the files its writer names by their contents (they end so). A file of such a name
   * that the last build wrote too holds the same bytes, and is kept without being read.
   */
  namedByContent?: RegExp
}

/** A listing template's kind, as the site plans it. */
export type ListingTemplate = 'index' | 'tag' | 'archive' | 'organization'

/**
 * The partial that draws one release as the listings show it, printed as `release.entry` by their templates: rendered
 * from code, not included, so no listing template names it, and what it reads and its text count for every listing.
 */
export const listingEntryTemplate = 'partials/release-entry'

/**
 * Where the site's plan and writer get what a listing template in `root` reads: `analyze` finds it in the template, a
 * memo may answer instead (the build's remembers it across builds and gives plan and writer one answer).
 */
export type ListingReadsOf = (root: string, template: ListingTemplate, analyze: () => ListingReads) => ListingReads

/** What the templates of an index, tag or archive page read beyond its entries' fields, as the site finds it in them. */
export interface ListingReads {
  /** A release's body (`html`). */
  bodies: boolean
  /** When a release was last updated (`updated`): an edit of a published release is an update, so it changes the entry. */
  updated: boolean
  /** Any release of the tag's whole list (`tag.releases`), which reaches beyond the entries of the page. */
  tagReleases: boolean
  /** Anything of the tag's whole list, its size included: a numbered tag page is then keyed by the size too. */
  tagSize?: boolean
}
