import type {Config} from '../config/config-schema.js'

/** The path part of `baseUrl` without a trailing slash (`''` at a domain's root): what the site's own links start with. */
export function basePathOf(config: Pick<Config, 'baseUrl'>): string {
  return new URL(config.baseUrl).pathname.replace(/\/+$/, '')
}
