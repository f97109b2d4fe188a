import type {IncomingMessage} from 'node:http'

/** The outcome of reading a form body: the fields, or the status to refuse it with. */
export type FormBody = {ok: true; form: URLSearchParams} | {ok: false; status: 400 | 413 | 415}

/** The largest body any endpoint accepts: an address, a few tags and a token fit in far less. */
export const maxBodyBytes = 8 * 1024

/**
 * Read a form-encoded body of at most `limit` bytes. A body announced or found to be larger is refused with 413 as
 * soon as that is known, so a client cannot make the server buffer more than `limit`.
 */
export async function readFormBody(request: IncomingMessage, options: {limit?: number; requireFormType?: boolean} = {}): Promise<FormBody> {
  const limit = options.limit ?? maxBodyBytes
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (options.requireFormType !== false && type !== 'application/x-www-form-urlencoded') return {ok: false, status: 415}
  const announced = Number(request.headers['content-length'] ?? 0)
  if (Number.isFinite(announced) && announced > limit) return {ok: false, status: 413}
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > limit) return {ok: false, status: 413}
      chunks.push(chunk)
    }
  } catch {
    return {ok: false, status: 400}
  }
  // RFC 8058 allows multipart bodies for one-click; only its token in the query matters, so such a body reads as empty.
  return {ok: true, form: type === 'application/x-www-form-urlencoded' ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : new URLSearchParams()}
}
