/**
 * The URL of a rendition (a path in the out folder) under `prefix`: the base path for pages (`''` at a domain's
 * root), `baseUrl` for what is read away from the site (link previews, email). The one place these URLs are made.
 */
export function renditionUrl(prefix: string, path: string): string {
  return `${prefix.replace(/\/+$/, '')}/${path}`
}
