import {ImapFlow} from 'imapflow'
import {PressroomError} from '../report/pressroom-error.js'

/** Whether a `bounces read` argument names an IMAP mailbox (`imap://` or `imaps://`) rather than a file or folder. */
export function isImapUrl(argument: string): boolean {
  return /^imaps?:\/\//i.test(argument)
}

/** An IMAP mailbox as `bounces read` names it: where it is, and how it is shown in a log line (never the password). */
export interface ImapMailbox {
  host: string
  port: number
  secure: boolean
  user: string
  mailbox: string
  /**
   * Whether an `imap://` session must upgrade with STARTTLS before it logs in: beyond loopback it must, since the
   * capability list that offers STARTTLS comes in cleartext and a man in the middle who strips it would be sent the
   * password; on loopback no network is crossed, and it upgrades when offered.
   */
  requireStartTls: boolean
  /** `imap://user@host:port/mailbox`, the name of the mailbox in log lines and evidence. */
  name: string
}

/** Read `imap[s]://user@host[:port]/mailbox` (the mailbox defaults to INBOX); a password in the URL is refused. */
export function parseImapUrl(argument: string): ImapMailbox {
  let url: URL
  try {
    url = new URL(argument)
  } catch {
    throw new PressroomError('BOUNCE_IMAP_URL_INVALID', 'Could not read the IMAP mailbox URL: expected imaps://user@host/mailbox', {hint: 'e.g. imaps://bounces@mail.example.com/INBOX, with the password in PRESSROOM_IMAP_PASSWORD'})
  }
  if (url.password) {
    throw new PressroomError('BOUNCE_IMAP_URL_INVALID', 'Unexpected password in the IMAP mailbox URL, expected it in the environment', {hint: 'Put the password in PRESSROOM_IMAP_PASSWORD and leave it out of the URL, which is logged'})
  }
  if (!url.hostname || !url.username) {
    throw new PressroomError('BOUNCE_IMAP_URL_INVALID', `Unexpected IMAP mailbox URL ${url.protocol}//${url.host}${url.pathname}, expected imaps://user@host/mailbox`, {hint: 'Name the user before the host: imaps://bounces@mail.example.com/INBOX'})
  }
  const secure = url.protocol.toLowerCase() === 'imaps:'
  const port = url.port ? Number(url.port) : secure ? 993 : 143
  const user = decodeURIComponent(url.username)
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX'
  return {host: url.hostname, port, secure, user, mailbox, requireStartTls: !secure && !isLoopback(url.hostname), name: `${secure ? 'imaps' : 'imap'}://${url.username}@${url.hostname}:${port}/${encodeURIComponent(mailbox)}`}
}

/**
 * Hand each unseen message of the mailbox to `handle` (its name, `…/mailbox;UID=n` as RFC 5092 spells it, and its
 * bytes), marking it `\Seen` once handled, so the next read takes only what arrived since. Resolves to the count read.
 * Any failure of the server or the connection is one PressroomError naming the mailbox and what to do; a failure of
 * `handle` is passed on as it is.
 */
export async function readImapMailbox(mailbox: ImapMailbox, password: string, handle: (source: string, bytes: Buffer) => Promise<void>): Promise<number> {
  const client = new ImapFlow({
    host: mailbox.host, port: mailbox.port, secure: mailbox.secure, auth: {user: mailbox.user, pass: password}, logger: false,
    ...(mailbox.requireStartTls ? {doSTARTTLS: true} : {}),
    // A connection that stops answering ends the run with a message instead of holding it for ever.
    connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000
  })
  // Without a listener, a dropped connection would end the process; the failed command reports it instead.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    client.close()
    throw connectFailure(mailbox, error, password)
  }
  let count = 0
  let handling = false
  try {
    let lock: {release(): void}
    try {
      lock = await client.getMailboxLock(mailbox.mailbox)
    } catch (error) {
      throw await openFailure(client, mailbox, error, password)
    }
    try {
      // imapflow answers a failed SEARCH, FETCH or STORE with false, not an error: each is checked, or a dropped
      // connection would pass for an empty mailbox.
      const uids = await client.search({seen: false}, {uid: true})
      if (!uids) throw new Error(client.usable ? 'the server refused to search for unseen messages' : 'the connection closed')
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), {source: true}, {uid: true})
        if (!message || !message.source) {
          if (!client.usable) throw new Error(`the connection closed while fetching UID ${uid}`)
          // Deleted by another client since the search: nothing to read.
          continue
        }
        handling = true
        await handle(`${mailbox.name};UID=${uid}`, message.source)
        handling = false
        // Only after the report is recorded: a run killed in between reads it again, and it counts once.
        if (!(await client.messageFlagsAdd(String(uid), ['\\Seen'], {uid: true}))) {
          throw new Error(client.usable ? `the server did not mark UID ${uid} seen` : `the connection closed before UID ${uid} was marked seen`)
        }
        count++
      }
    } finally {
      lock.release()
    }
  } catch (error) {
    if (handling || error instanceof PressroomError) throw error
    throw readFailure(mailbox, error, count, password)
  } finally {
    await client.logout().catch(() => client.close())
  }
  return count
}

/** What imapflow and Node put on their errors: the server's words, imapflow's or Node's code. */
interface ImapError {
  message?: string
  code?: string
  responseText?: string
  authenticationFailed?: boolean
}

// Node's codes for a certificate chain it does not trust, or that names another host.
const untrustedCertificate = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_(HAS_EXPIRED|NOT_YET_VALID|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|ERR_TLS_CERT_ALTNAME_INVALID)$/

/** The reason of an error in the server's words when it gave any, never containing the password. */
function reasonOf(error: unknown, password: string): string {
  const { message, code, responseText } = (error ?? {}) as ImapError
  // Dovecot ends its replies with how long the command took, which is no part of the reason.
  const said = responseText?.replace(/\s*\([\d.]+( \+ [\d.]+)* secs?\)\.?$/, '')
  const reason = said || (message && code && !message.includes(code) ? `${message} (${code})` : message) || String(error)
  return password ? reason.split(password).join('***') : reason
}

function connectFailure(mailbox: ImapMailbox, error: unknown, password: string): PressroomError {
  const {code, authenticationFailed} = (error ?? {}) as ImapError
  const where = `${mailbox.host}:${mailbox.port}`
  if (code && untrustedCertificate.test(code)) {
    return new PressroomError('BOUNCE_IMAP_TLS_UNTRUSTED', `Could not trust the TLS certificate of ${where} for ${mailbox.name}: ${reasonOf(error, password)}`, {
      cause: error, hint: 'If the server is yours and its certificate is signed by your own CA (or self-signed), set NODE_EXTRA_CA_CERTS to that PEM file; nothing was read'
    })
  }
  if (authenticationFailed) {
    return new PressroomError('BOUNCE_IMAP_FAILED', `Could not log in to ${mailbox.name}: ${reasonOf(error, password)}`, {cause: error, hint: 'Check the user in the URL and PRESSROOM_IMAP_PASSWORD; nothing was read'})
  }
  return new PressroomError('BOUNCE_IMAP_FAILED', `Could not log in to ${mailbox.name}: no IMAP session with ${where}: ${reasonOf(error, password)}`, {
    cause: error, hint: `Check the host and port in the URL (imaps:// is port 993, imap:// with STARTTLS 143) and that ${where} answers from here; nothing was read`
  })
}

async function openFailure(client: ImapFlow, mailbox: ImapMailbox, error: unknown, password: string): Promise<PressroomError> {
  const {code} = (error ?? {}) as ImapError
  if (!client.usable || code === 'NoConnection' || code === 'EConnectionClosed') return readFailure(mailbox, error, 0, password)
  // The names the server has are what the user needs to fix the URL; the list may fail too, and then says nothing.
  const names = ((await client.list().catch(() => [])) as Array<{path: string}>).map((entry) => entry.path)
  return new PressroomError('BOUNCE_IMAP_MAILBOX_MISSING', `Could not open the mailbox \`${mailbox.mailbox}\` of ${mailbox.name}: ${reasonOf(error, password)}`, {
    cause: error, hint: `Name an existing mailbox after the host in the URL${names.length > 0 ? ` (this account has ${names.join(', ')})` : ''}; nothing was read`
  })
}

function readFailure(mailbox: ImapMailbox, error: unknown, count: number, password: string): PressroomError {
  return new PressroomError('BOUNCE_IMAP_READ_FAILED', `Could not finish reading ${mailbox.name} (${mailbox.host}:${mailbox.port}): ${reasonOf(error, password)}`, {
    cause: error, hint: `${count} messages were read and marked seen; the others stay unseen: run \`pressroom bounces read\` again once the server answers (a report recorded but not yet marked seen counts once)`
  })
}

/** Whether a host is this machine, where a cleartext IMAP session crosses no network. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]'
}
