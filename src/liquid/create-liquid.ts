import {readFileSync, realpathSync, statSync} from 'node:fs'
import {dirname, extname, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {type FS, Liquid} from 'liquidjs'
import {chromeString, loadCatalogues, stringsDir} from './chrome-strings.js'
import {textDirection} from './text-direction.js'

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
  /** The folder of the chrome string catalogues the `t` filter reads. Default: `templates/strings/`. */
  strings?: string
}

/**
 * The one place LiquidJS is configured: every output (site pages, email digests) renders through an engine made here,
 * so all HTML escapes by default and every template fails on a misspelt filter.
 */
export function createLiquid(options: CreateLiquidOptions = {}): Liquid {
  const liquid = new Liquid({
    root: options.root ?? templatesDir,
    extname: '.liquid',
    // Every `{{ }}` is HTML-escaped unless a template says `| raw`: PR staff editing templates can't open an XSS hole
    // by forgetting a filter.
    outputEscape: options.plainText ? undefined : 'escape',
    strictFilters: true,
    cache: options.cache ?? true,
    // Templates read only our view objects' own data, never prototype members.
    ownPropertyOnly: true,
    fs: templateFiles,
    // Fixed, so locale-aware filters read the same on every machine; left out, LiquidJS makes a date formatter to learn
    // the system's locale, which costs ICU set-up that a rebuild needs for nothing else.
    locale: 'en-US'
  })
  const catalogues = loadCatalogues(options.strings ?? stringsDir)
  // `{{ 'source' | t }}`, `{{ 'release-count' | t: count: n }}`: a chrome string in the page's language, which is
  // `lang` (a release page's own) or else the site's; missing there, English (the build warns of it).
  // `t: lang: release.language` names the language outright, for the words of one entry in a list of another's.
  liquid.registerFilter('t', function (key: unknown, ...args: unknown[]) {
    const values: Record<string, unknown> = {}
    for (const arg of args) if (Array.isArray(arg) && arg.length === 2) values[String(arg[0])] = arg[1]
    const language = values.lang ?? this.context.getSync(['lang']) ?? this.context.getSync(['site', 'language'])
    return chromeString(catalogues, typeof language === 'string' && language !== '' ? language : 'en', String(key), values)
  })
  // `{{ release.language | dir }}`: `rtl` or `ltr`, for the `dir` beside a `lang`, so the browser lays out Arabic
  // and Hebrew from the right.
  liquid.registerFilter('dir', (language: unknown) => textDirection(typeof language === 'string' ? language : ''))
  return liquid
}

/** Whether `file`, symbolic links resolved, lies inside `root`: templates may not include what is outside their folder. */
function containsSync(root: string, file: string): boolean {
  try {
    const realRoot = realpathSync(root)
    return realpathSync(file).startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)
  } catch {
    return false
  }
}

/**
 * How LiquidJS finds and reads templates: as its own Node file access does, but synchronously. Its own awaited a stat,
 * two realpaths and a read for each template rendered, each a trip to the thread pool with this thread idle, for every
 * page of a rebuild. Templates are a few small local files. A name that is not found fails, with no
 * fallback to a package of that name.
 */
const templateFiles: FS = {
  existsSync: (file) => statSync(file, {throwIfNoEntry: false}) !== undefined,
  exists: (file) => Promise.resolve(templateFiles.existsSync(file)),
  readFileSync: (file) => readFileSync(file, 'utf8'),
  readFile: (file) => Promise.resolve().then(() => readFileSync(file, 'utf8')),
  resolve: (root, file, ext) => resolve(root, extname(file) === '' ? file + ext : file),
  containsSync,
  contains: (root, file) => Promise.resolve(containsSync(root, file)),
  dirname,
  sep
}
