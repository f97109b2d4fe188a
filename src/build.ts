import {cp, stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import type {Config} from './config/config-schema.js'
import type {OutputContext} from './output-context.js'
import {loadReleases} from './release/load-releases.js'
import {holdReason, newestFirst, type HoldReason, type Release} from './release/release.js'
import {hasFatal} from './report/report.js'
import {writeEmailPreview} from './email/write-email-preview.js'
import {writeFeeds} from './feeds/write-feeds.js'
import {discardStagingDir, prepareStagingDir, swapInStagingDir} from './site/swap-out-dir.js'
import {writeSite} from './site/write-site.js'

/** What a build needs: all of it explicit, so tests and previews can inject the clock and folders. */
export interface BuildOptions {
  config: Config
  releasesDir: string
  outDir: string
  /** The clock that decides embargoes, ms since the epoch. */
  now: number
  cwd?: string
  /** Static files copied as they are into the output (images of Media Snippets). */
  publicDir?: string
  /** `pressroom dev` only: write held-back releases too (still listed in `held`, so the preview can mark them). */
  preview?: boolean
}

/** What a build did: every file with its messages, what went out and what was held back. */
export interface BuildResult {
  ok: boolean
  files: VFile[]
  published: Release[]
  held: Array<{release: Release; reason: HoldReason}>
}

/** Composition root: load and check every release, write every output into a staging folder, swap it in. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const {files, releases} = await loadReleases({config: options.config, releasesDir: options.releasesDir, cwd})
  const published: Release[] = []
  const held: BuildResult['held'] = []
  for (const release of [...releases].sort(newestFirst)) {
    const reason = holdReason(release, options.now)
    if (reason) held.push({release, reason})
    // The writers re-check holds (an embargo leak cannot be undone), so a preview hands them copies that are released.
    if (!reason) published.push(release)
    else if (options.preview === true) published.push({...release, draft: false, embargo: undefined})
  }
  if (hasFatal(files)) return {ok: false, files, published: [], held}

  const staging = await prepareStagingDir(options.outDir, cwd)
  try {
    const context: OutputContext = {config: options.config, releases: published, outDir: staging, now: options.now}
    await copyPublic(options.publicDir === undefined ? undefined : resolve(cwd, options.publicDir), staging)
    for (const write of outputWriters) await write(context)
    await swapInStagingDir(staging, options.outDir, cwd)
  } catch (error) {
    await discardStagingDir(staging)
    throw error
  }
  return {ok: true, files, published, held}
}

/** The outputs, in order. */
const outputWriters: Array<(context: OutputContext) => Promise<void>> = [(context) => writeSite(context), writeFeeds, writeEmailPreview]

async function copyPublic(publicDir: string | undefined, staging: string) {
  if (publicDir === undefined) return
  const exists = await stat(publicDir).then((info) => info.isDirectory(), () => false)
  if (exists) await cp(publicDir, staging, {recursive: true})
}
