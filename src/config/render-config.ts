import type {Config} from './config-schema.js'

/**
 * The config fields a release's render reads (its default language and time zone, the site URL its links and media are
 * made absolute with, the default distributor of its dateline), in a fixed order. Renders are cached under these
 * alone: a new title, page size or email setting does not send every release through the Markdown pipeline again.
 */
export const renderConfigKeys = ['baseUrl', 'distributor', 'language', 'timeZone'] as const

/** What the render of a release may read of the config; the loaders take this type, so nothing else can slip in. */
export type RenderConfig = Pick<Config, (typeof renderConfigKeys)[number]>

/** The render fields of `config`, and only those: what the render cache's stamp is made of. */
export function renderConfigOf(config: RenderConfig): RenderConfig {
  return {baseUrl: config.baseUrl, distributor: config.distributor, language: config.language, timeZone: config.timeZone}
}
