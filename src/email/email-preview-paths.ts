/** How many of the newest releases the sample digest in `email/` shows. */
export const emailPreviewSize = 10

/** The site paths of the sample digest: kept light (no juice, no nodemailer) so the build cache can key them. */
export const emailPreviewPaths = ['/email/preview.html', '/email/preview.eml'] as const
