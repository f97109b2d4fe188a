import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import type {Liquid} from 'liquidjs'
import type {Config} from '../config/config-schema.js'
import {eventLoopTurn} from '../event-loop-turn.js'
import {feedLinks} from '../links/feed-links.js'
import type {Release} from '../release/release.js'
import {liquidEngines, type LiquidEngines} from '../liquid/liquid-engines.js'
import {basePathOf, pageHead, siteView} from './page-context.js'
import {releaseAsideView} from './release-aside-view.js'
import type {ReleasePageExtras} from './release-page-extras.js'
import {releaseView} from './release-view.js'

/** One release page to write: the release, and the file (absolute) its page goes to. */
export interface ReleasePageJob {
  release: Release
  file: string
  /** What the page shows of other releases and files (see `releasePageExtras`); none when not given. */
  extras?: ReleasePageExtras
}

const noExtras: ReleasePageExtras = {related: [], sizes: {}}

/**
 * Writes release pages, on this thread or on worker threads; `templatesDir` is where the templates are, `onWritten` is
 * called once per page written (for the progress line).
 */
export type ReleasePageWriter = (jobs: readonly ReleasePageJob[], templatesDir: string, onWritten?: () => void) => Promise<void>

/**
 * The HTML of a release's page, rendered synchronously: the site's templates need nothing async, and LiquidJS's async
 * render resolved a promise for every tag and output of every page.
 */
export function renderReleasePage(liquid: Liquid, release: Release, config: Config, extras: ReleasePageExtras = noExtras): string {
  const basePath = basePathOf(config)
  const view = releaseView(release, config, basePath)
  const aside = releaseAsideView(release, extras, basePath)
  const page = {...pageHead(config, `${view.title} | ${config.title}`, feedLinks(config)), description: view.summary, canonical: view.url}
  return liquid.renderFileSync('release', {site: siteView(config, basePath), release: view, aside, lang: view.language, page}) as string
}

/**
 * Render a release's page and write it to `file` (absolute). Synchronously, as every write of a build: on a worker
 * thread it writes one page at a time, and on this one it saves a trip to the thread pool per step.
 */
export function writeReleasePage(liquid: Liquid, job: ReleasePageJob, config: Config): void {
  const html = renderReleasePage(liquid, job.release, config, job.extras)
  mkdirSync(dirname(job.file), {recursive: true})
  writeFileSync(job.file, html)
}

/** Write release pages one after the other on this thread, with `liquidFor`'s engines (default: engines of its own). */
export function releasePageWriter(config: Config, liquidFor: LiquidEngines = liquidEngines()): ReleasePageWriter {
  return async (jobs, templatesDir, onWritten) => {
    const liquid = liquidFor(templatesDir)
    for (const job of jobs) {
      writeReleasePage(liquid, job, config)
      onWritten?.()
      // Beside page threads, a page written here lets their replies in: without, this thread took every page.
      await eventLoopTurn()
    }
  }
}
