import {join} from 'node:path'
import type {OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'

/** How many of the newest releases the sample digest shows. */
export const emailPreviewSize = 10

/** The files of the sample digest, in its own folder. */
export const emailPreviewFiles = ['preview.html', 'preview.eml'] as const

/**
 * The build-cache keys of the sample digest: kept light (no juice, no nodemailer) so the cache can key them. They are
 * not site paths (no leading `/`): the preview is never written into the out folder.
 */
export const emailPreviewPaths = emailPreviewFiles.map((file) => `email-preview:${file}`)

/**
 * The sample digest's folder: inside the build cache folder, never the out folder, since whatever is in the out
 * folder gets deployed and a digest is not a page of the site.
 */
export function emailPreviewDir(cacheDir: string): string {
  return join(cacheDir, 'email-preview')
}

/** The sample digest's files, as data: both show the newest {@link emailPreviewSize} releases. */
export function emailPreviewPlan(releases: readonly Release[]): OutputPlan[] {
  const shown = releases.slice(0, emailPreviewSize)
  return emailPreviewPaths.map((path) => ({path, kind: 'emailPreview', shows: [], releases: shown}))
}
