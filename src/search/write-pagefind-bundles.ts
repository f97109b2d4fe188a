import {readdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {PressroomError} from '../report/pressroom-error.js'

/** A page of the search index: its root-relative URL and an HTML document of what it is found by. */
export interface SearchPage {
  url: string
  html: string
}

// Pagefind's ready-made interfaces: the search page runs a script of ours on its JavaScript API instead, so they are
// never loaded and need not be deployed.
const unusedFile = /^(?:pagefind-(?:ui|component-ui|modular-ui|highlight)\.|playground$)/

/** One bundle to write: the pages of one language, indexed with its stemmer, and the folder Pagefind writes them into. */
export interface BundleToWrite {
  language: string
  folder: string
  pages: Iterable<SearchPage>
  /** Called once Pagefind wrote the bundle into its folder. */
  onWritten?: () => void
}

/** How {@link writePagefindBundles} feeds Pagefind. */
export interface FeedOptions {
  /** The most pages sent to Pagefind and not yet taken by it; by default {@link pagesInFlight}. */
  inFlight?: number
  /** Called as Pagefind has taken each page. */
  onAdded?: (page: SearchPage) => void
  /** Called once Pagefind has work to get on with: a window of pages, or every page of the first bundle; or no bundle. */
  onFed?: () => void
}

/**
 * Pages sent to Pagefind before it answered for the first: enough that its binary always has the next page in its
 * pipe while this thread makes more, and has every page of a shard an edit indexes again (a quarter of one language:
 * some hundred releases) before this thread goes on to plan the other outputs, a stretch no answer gets in; few enough
 * that a big newsroom's documents never all exist at once.
 */
export const pagesInFlight = 256

/**
 * Index each bundle's pages with Pagefind (the only module that imports it) and write the bundle into its folder, one
 * bundle after the other on one Pagefind binary. Loaded only when an index is written, since it starts that binary,
 * which it stops before returning.
 *
 * Pages are taken from each iterable as Pagefind takes them, a bounded window of them sent ahead (a page awaited before
 * the next was sent left the binary idle for a round trip over its pipe per page): a big newsroom's documents never
 * all exist at once. Pagefind writes the bundle itself, so its files never pass through this thread (asked for in
 * memory, they came back base64-encoded in one message, the whole index held several times over).
 */
export async function writePagefindBundles(bundles: Iterable<BundleToWrite>, options: FeedOptions = {}): Promise<void> {
  // Pagefind's binary can stop without answering (it panics on a folder it cannot make), and its pipes do not hold the
  // event loop: that would empty, and the process end as if the build were done, unless told here.
  let onEmpty = () => {}
  const stopped = new Promise<never>((_, reject) => {
    onEmpty = () => reject(pagefindStopped())
  })
  process.once('beforeExit', onEmpty)
  try {
    await Promise.race([feedPagefind(bundles, options), stopped])
  } finally {
    process.off('beforeExit', onEmpty)
  }
}

async function feedPagefind(bundles: Iterable<BundleToWrite>, options: FeedOptions): Promise<void> {
  const pagefind = await import('pagefind')
  const inFlight = Math.max(1, options.inFlight ?? pagesInFlight)
  let fed = options.onFed
  const onFed = () => {
    fed?.()
    fed = undefined
  }
  try {
    for (const {language, folder, pages, onWritten} of bundles) {
      // Forced, so every page of the bundle is in one index with that language's stemmer and word segmentation.
      const {errors, index} = await pagefind.createIndex({forceLanguage: language})
      if (!index) throw indexFailed(language, errors)
      const sent = new Set<Promise<void>>()
      let failure: PressroomError | undefined
      for (const page of pages) {
        const added = index.addHTMLFile({url: page.url, content: page.html}).then((response) => {
          if (response.errors.length > 0) failure ??= indexFailed(language, response.errors)
          else options.onAdded?.(page)
        })
        // Settled here, so a failed page is thrown once every page sent is answered, never left unhandled.
        const settled = added.catch((error: unknown) => void (failure ??= indexFailed(language, [String(error)]))).finally(() => sent.delete(settled))
        sent.add(settled)
        if (sent.size >= inFlight) {
          onFed()
          await Promise.race(sent)
        }
        if (failure) break
      }
      onFed()
      await Promise.all(sent)
      if (failure) throw failure
      const written = await index.writeFiles({outputPath: folder})
      if (written.errors.length > 0) throw indexFailed(language, written.errors)
      for (const name of readdirSync(folder)) if (unusedFile.test(name)) rmSync(join(folder, name), {recursive: true, force: true})
      await index.deleteIndex()
      onWritten?.()
    }
    onFed()
  } finally {
    await pagefind.close()
  }
}

function pagefindStopped(): PressroomError {
  return new PressroomError('SEARCH_INDEX_FAILED', 'Pagefind stopped before the search index was written', {
    hint: 'Pagefind says why above; check that the out folder and the build cache are writable and the disk is not full'
  })
}

function indexFailed(language: string, errors: readonly string[]): PressroomError {
  return new PressroomError('SEARCH_INDEX_FAILED', `Could not build a search index of language \`${language}\`: ${errors.join('; ') || 'Pagefind gave no reason'}`, {
    hint: 'Pagefind ships its binary in an optional dependency (@pagefind/<platform>): check that npm installed it'
  })
}
