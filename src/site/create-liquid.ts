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
}

/**
 * The one place LiquidJS is configured: every output (site pages, email digests) renders through an engine made here,
 * so all of them escape by default and fail on a misspelt filter.
 */
export function createLiquid(options: CreateLiquidOptions = {}): Liquid {
  return new Liquid({
    root: options.root ?? templatesDir,
    extname: '.liquid',
    // Every `{{ }}` is HTML-escaped unless a template says `| raw`: PR staff editing templates can't open an XSS hole
    // by forgetting a filter.
    outputEscape: 'escape',
    strictFilters: true,
    cache: options.cache ?? true,
    // Templates read only our view objects' own data, never prototype members.
    ownPropertyOnly: true
  })
}
