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
  return {host: url.hostname, port, secure, user, mailbox, name: `${secure ? 'imaps' : 'imap'}://${url.username}@${url.hostname}:${port}/${encodeURIComponent(mailbox)}`}
}

/**
 * Hand each unseen message of the mailbox to `handle` (its name, `…/mailbox;UID=n` as RFC 5092 spells it, and its
 * bytes), marking it `\Seen` once handled, so the next read takes only what arrived since. Resolves to the count read.
 */
export async function readImapMailbox(mailbox: ImapMailbox, password: string, handle: (source: string, bytes: Buffer) => Promise<void>): Promise<number> {
  const client = new ImapFlow({
    host: mailbox.host, port: mailbox.port, secure: mailbox.secure, auth: {user: mailbox.user, pass: password}, logger: false,
    // A connection that stops answering ends the run with a message instead of holding it for ever.
    connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000
  })
  // Without a listener, a dropped connection would end the process; the failed command reports it instead.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    throw new PressroomError('BOUNCE_IMAP_FAILED', `Could not log in to ${mailbox.name}: ${(error as {responseText?: string}).responseText ?? (error as Error).message}`, {hint: 'Check the URL and PRESSROOM_IMAP_PASSWORD; nothing was read'})
  }
  let count = 0
  try {
    const lock = await client.getMailboxLock(mailbox.mailbox)
    try {
      const uids = (await client.search({seen: false}, {uid: true})) || []
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), {source: true}, {uid: true})
        if (!message || !message.source) continue
        await handle(`${mailbox.name};UID=${uid}`, message.source)
        // Only after the report is recorded: a run killed in between reads it again, and it counts once.
        await client.messageFlagsAdd(String(uid), ['\\Seen'], {uid: true})
        count++
      }
    } finally {
      lock.release()
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
  return count
}
