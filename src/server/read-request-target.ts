import type {IncomingMessage} from 'node:http'

/** What a request addresses, as the servers route on it. */
export interface RequestTarget {
  /** The path as sent (still percent-encoded); always starts with `/`. */
  pathname: string
  searchParams: URLSearchParams
  /** The host name of the Host header, lowercased, without its port; empty when there is none (HTTP/1.0). */
  host: string
  /** The host name an absolute-form target names (`GET http://host/path`), lowercased; else undefined. */
  targetHost?: string
}

// Origin-form targets are resolved after an origin of our own: a target can then never choose the host the parser sees.
const base = 'http://pressroom.invalid'
// RFC 3986 host (reg-name or IP literal) and optional port: what a Host header may hold.
const hostHeader = /^(?:[a-z0-9\-._~!$&'()*+,;=%]*|\[[0-9a-f:.]+\])(?::\d*)?$/i

/**
 * Read what a request addresses without throwing, or undefined for a request to refuse with 400: a target other than
 * origin-form (`/path?query`) or http(s) absolute-form (which RFC 9112 requires servers to accept; `*` and
 * authority-form are for OPTIONS and CONNECT, which neither server implements), or more than one Host header or an
 * invalid one (RFC 9112 section 3.2 asks for a 400). Origin-form is never resolved as a relative reference, so
 * `//host/path` is the path `//host/path`, not a path on another host.
 */
export function readRequestTarget(request: Pick<IncomingMessage, 'url' | 'headersDistinct'>): RequestTarget | undefined {
  const hosts = request.headersDistinct.host ?? []
  const hostValue = hosts[0] ?? ''
  if (hosts.length > 1 || !hostHeader.test(hostValue)) return undefined
  const host = hostValue.replace(/:\d*$/, '').toLowerCase()
  const target = request.url ?? ''
  try {
    if (target.startsWith('/')) {
      const url = new URL(base + target)
      return {pathname: url.pathname, searchParams: url.searchParams, host}
    }
    if (!/^https?:\/\//i.test(target)) return undefined
    const url = new URL(target)
    return {pathname: url.pathname, searchParams: url.searchParams, host, targetHost: url.hostname.toLowerCase()}
  } catch {
    return undefined
  }
}
