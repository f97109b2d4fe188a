/**
 * The root-relative form of an absolute URL under `baseUrl` (`https://example.com/news/media/a.png` →
 * `/news/media/a.png`), what pages link their own files with so a copy of the site works on any host (staging, a local
 * preview) and under the path prefix of `baseUrl`. A URL elsewhere, or one that does not parse, is returned as given.
 */
export function pageHref(url: string, baseUrl: string): string {
  let target: URL
  let base: URL
  try {
    target = new URL(url)
    base = new URL(baseUrl.replace(/\/*$/, '/'))
  } catch {
    return url
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return url
  return target.pathname + target.search + target.hash
}
