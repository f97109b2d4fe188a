/** Codes of config and environment problems. They never change: scripts and docs may refer to them. */
export type PressroomErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'ARGUMENT_INVALID'
  | 'RELEASES_DIR_MISSING'
  | 'RELEASE_EXISTS'
  | 'SECRET_MISSING'
  | 'SMTP_URL_MISSING'
  | 'SMTP_URL_INVALID'
  | 'SMTP_UNREACHABLE'
  | 'SMTP_REFUSING'
  | 'MAIL_TRANSPORT_INVALID'
  | 'SES_SETTINGS_INVALID'
  | 'BOUNCE_INPUT_UNREADABLE'
  | 'BOUNCE_IMAP_URL_INVALID'
  | 'BOUNCE_IMAP_PASSWORD_MISSING'
  | 'BOUNCE_IMAP_FAILED'
  | 'BOUNCE_IMAP_TLS_UNTRUSTED'
  | 'BOUNCE_IMAP_MAILBOX_MISSING'
  | 'BOUNCE_IMAP_READ_FAILED'
  | 'DKIM_INVALID'
  | 'DATABASE_UNAVAILABLE'
  | 'SQLITE_DRIVER_MISSING'
  | 'SUBSCRIBER_INVALID'
  | 'IMPORT_INVALID'
  | 'IMPORT_INPUT_UNREADABLE'
  | 'WIRE_RELEASE_UNRECOGNISED'
  | 'DIGEST_INVALID'
  | 'DRY_RUN_OUT_INVALID'
  | 'PORT_IN_USE'
  | 'OUT_DIR_INVALID'
  | 'PUBLIC_FILE_IN_THE_WAY'
  | 'BUILD_FAILED'
  | 'WEBSUB_HUBS_MISSING'
  | 'SCHEDULER_RUNNING'
  | 'SITE_ICON_MISSING'
  | 'SEARCH_INDEX_FAILED'

/** The one thrown error: a config or environment problem, printed as one line plus a hint, never as a stack. */
export class PressroomError extends Error {
  readonly code: PressroomErrorCode
  readonly hint: string | undefined

  constructor(code: PressroomErrorCode, message: string, options: {hint?: string; cause?: unknown} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'PressroomError'
    this.code = code
    this.hint = options.hint
  }
}

/** Format any error for the terminal: one line and a hint; the stack only when DEBUG is set. */
export function formatError(error: unknown, debug: boolean): string {
  if (error instanceof PressroomError) {
    const lines = [`pressroom: ${error.message} [${error.code}]`]
    if (error.hint) lines.push(`  hint: ${error.hint}`)
    if (debug && error.stack) lines.push(error.stack)
    return lines.join('\n')
  }
  const message = error instanceof Error ? error.message : String(error)
  const lines = [`pressroom: unexpected error: ${message}`]
  lines.push(debug && error instanceof Error && error.stack ? error.stack : '  hint: run again with DEBUG=1 for the stack trace')
  return lines.join('\n')
}
