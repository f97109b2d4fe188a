import {fileURLToPath} from 'node:url'
import {Liquid} from 'liquidjs'

/** The `templates/` folder of this package: the same path from `src/site/` and from the compiled `dist/site/`. */
export const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url))

/** Options of {@link createLiquid}. */
export interface CreateLiquidOptions {
  /** The folder templates (and their partials and layouts) are looked up in. Default: `templates/`. */
  root?: string
  /** Cache parsed templates; turn off when a long-running process should pick up edits. Default: true. */
  cache?: boolean
  /** Plain-text templates (an email's text part): output is not HTML-escaped, as `&amp;` would show in the text. */
  plainText?: boolean
}

/**
 * The one place LiquidJS is configured: every output (site pages, email digests) renders through an engine made here,
 * so all HTML escapes by default and every template fails on a misspelt filter.
 */
export function createLiquid(options: CreateLiquidOptions = {}): Liquid {
  return new Liquid({
    root: options.root ?? templatesDir,
    extname: '.liquid',
    // Every `{{ }}` is HTML-escaped unless a template says `| raw`: PR staff editing templates can't open an XSS hole
    // by forgetting a filter.
    outputEscape: options.plainText ? undefined : 'escape',
    strictFilters: true,
    cache: options.cache ?? true,
    // Templates read only our view objects' own data, never prototype members.
    ownPropertyOnly: true
  })
}
