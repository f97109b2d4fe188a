import type {OutputPlan} from '../plan/output-plan.js'
import type {Release} from '../release/release.js'

/** How many of the newest releases the sample digest in `email/` shows. */
export const emailPreviewSize = 10

/** The site paths of the sample digest: kept light (no juice, no nodemailer) so the build cache can key them. */
export const emailPreviewPaths = ['/email/preview.html', '/email/preview.eml'] as const

/** The sample digest's files, as data: both show the newest {@link emailPreviewSize} releases. */
export function emailPreviewPlan(releases: readonly Release[]): OutputPlan[] {
  const shown = releases.slice(0, emailPreviewSize)
  return emailPreviewPaths.map((path) => ({path, kind: 'emailPreview', shows: [], releases: shown}))
}
