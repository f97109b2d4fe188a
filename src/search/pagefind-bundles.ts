import {PressroomError} from '../report/pressroom-error.js'

/** A page of the search index: its root-relative URL and an HTML document of what it is found by. */
export interface SearchPage {
  url: string
  html: string
}

/** A file of a Pagefind bundle: its path inside the bundle folder and its bytes. */
export interface BundleFile {
  path: string
  content: Uint8Array
}

// Pagefind's ready-made interfaces: the search page runs a script of ours on its JavaScript API instead, so they are
// never loaded and need not be deployed.
const unusedFile = /^(?:pagefind-(?:ui|component-ui|modular-ui|highlight)\.|playground\/)/

/**
 * Index each language's pages with Pagefind (the only module that imports it), one bundle per language: its files by
 * language. Loaded only when an index is written, since it starts Pagefind's binary, which it stops before returning.
 */
export async function pagefindBundles(languages: ReadonlyMap<string, readonly SearchPage[]>): Promise<Map<string, BundleFile[]>> {
  const pagefind = await import('pagefind')
  const bundles = new Map<string, BundleFile[]>()
  try {
    for (const [language, pages] of languages) {
      // Forced, so every page of the bundle is in one index with that language's stemmer and word segmentation.
      const {errors, index} = await pagefind.createIndex({forceLanguage: language})
      if (!index) throw indexFailed(language, errors)
      for (const page of pages) {
        const added = await index.addHTMLFile({url: page.url, content: page.html})
        if (added.errors.length > 0) throw indexFailed(language, added.errors)
      }
      const written = await index.getFiles()
      if (written.errors.length > 0) throw indexFailed(language, written.errors)
      bundles.set(language, written.files.filter((file) => !unusedFile.test(file.path)).map((file) => ({path: file.path, content: file.content})))
      await index.deleteIndex()
    }
  } finally {
    await pagefind.close()
  }
  return bundles
}

function indexFailed(language: string, errors: readonly string[]): PressroomError {
  return new PressroomError('SEARCH_INDEX_FAILED', `Could not build the search index of language \`${language}\`: ${errors.join('; ') || 'Pagefind gave no reason'}`, {
    hint: 'Pagefind ships its binary in an optional dependency (@pagefind/<platform>): check that npm installed it'
  })
}
