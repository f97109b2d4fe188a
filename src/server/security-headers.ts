import type {ServerResponse} from 'node:http'

/**
 * Headers on every response of `pressroom serve`. `no-referrer` matters most: the confirm and unsubscribe pages carry
 * a token in their URL, which must never leak to another site through the Referer header.
 */
export function setSecurityHeaders(response: ServerResponse, contentSecurityPolicy: string): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy)
  response.setHeader('X-Content-Type-Options', 'nosniff')
  response.setHeader('Referrer-Policy', 'no-referrer')
  response.setHeader('X-Frame-Options', 'DENY')
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
}

/** The policy of the server's own pages: no script at all, our stylesheet, forms posting only back to us. */
export const pagePolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/** The policy of the static site under `--out`: its images and media may live elsewhere, its form posts to `formOrigin`. */
export function sitePolicy(formOrigin: string | undefined): string {
  const forms = formOrigin ? `'self' ${formOrigin}` : "'self'"
  // No inline styles: the site's pages take theirs from styles.css (the digest preview, whose CSS is inlined as mail
  // needs, is no longer part of the site). Scripts only from the site itself, and no inline ones: the search page's
  // and Pagefind's, whose index is searched in WebAssembly (compiling it needs 'wasm-unsafe-eval', which allows no
  // eval of JavaScript); its worker falls under script-src too.
  return `default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; form-action ${forms}; frame-ancestors 'none'; base-uri 'self'`
}
