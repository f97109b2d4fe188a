import type {ListingReads} from '../cache/output-keys.js'
import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import type {LiquidEngines, ReleasePageWriter} from '../site/render-release-page.js'

/** What every output writer (site, feeds, email preview) receives from the composition root. */
export interface OutputContext {
  config: Config
  /** Published releases only (no drafts, no embargoed ones), newest first. */
  releases: readonly Release[]
  /** The folder to write into: a temporary folder that is swapped in for `out/` when the whole build succeeded. */
  outDir: string
  /** The build's clock, ms since the epoch (`--now`). Never written into outputs, so rebuilds are byte-identical. */
  now: number
  /**
   * Site paths (`/releases/<id>/`, `/rss.xml`, …) of outputs the last build wrote whose inputs are unchanged since
   * (same releases, templates, config and version): the build cache keeps them in the out folder, so writers skip them.
   */
  unchanged?: ReadonlySet<string>
  /** Writes the release pages that changed, e.g. on worker threads; default: one after the other on this thread. */
  writeReleasePages?: ReleasePageWriter
  /** The build's LiquidJS engines, shared with {@link writeReleasePages}, so each template is parsed once per build. */
  liquidFor?: LiquidEngines
  /** Told, for each index and tag page written, what its render read (see `keptOutput`). */
  noteListing?: (path: string, reads: ListingReads) => void
}
