import {mkdir, rename, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import {buildDigestMessage, preferencesUrl, siteHost, unsubscribeUrl} from './build-digest-message.js'
import {copyMessageId} from './copy-message-id.js'
import {createDigestComposer} from './compose-digest.js'
import {emailPreviewSize} from './email-preview-paths.js'
import {composeRawMessage} from './mail-transport.js'

/** What the sample digest reads of a build. */
export interface EmailPreviewContext {
  config: Config
  /** Published releases only, newest first. */
  releases: readonly Release[]
}

/**
 * Write `preview.html` and `preview.eml` into `dir` (never the out folder: see `emailPreviewDir`): a sample digest of
 * the newest releases, no server or secret needed.
 */
export async function writeEmailPreview(context: EmailPreviewContext, dir: string): Promise<void> {
  const {config} = context
  const host = siteHost(config)
  // The preview must build for a newsroom that has not set up email yet, so it falls back to a sender on the site's host.
  const withEmail = config.email ? config : {...config, email: {from: `newsroom@${host}`}}
  // A token that plainly is not one: preview links must never unsubscribe anybody.
  const token = 'preview-token-not-valid'
  // Dated by the newest release, not the build clock: identical inputs must give byte-identical outputs.
  const at = context.releases[0]?.timestamp ?? Date.UTC(2000, 0, 1)
  const compose = createDigestComposer(withEmail, {now: at})
  const content = await compose(context.releases.slice(0, emailPreviewSize), unsubscribeUrl(withEmail, token), preferencesUrl(withEmail, token))
  const message = {
    ...buildDigestMessage({
      config: withEmail,
      content,
      to: {name: 'Sample Subscriber', address: 'subscriber@example.com'},
      // Keyed with a word that is plainly no secret: the preview is built without one, and digest 0 is never sent.
      messageId: copyMessageId({kind: 'digest', digestId: 0, subscriberId: 0}, host, 'preview-not-a-secret'),
      token
    }),
    date: new Date(at),
    baseBoundary: 'pressroom-preview'
  }
  await mkdir(dir, {recursive: true})
  await replaceFile(join(dir, 'preview.html'), content.html)
  await replaceFile(join(dir, 'preview.eml'), await composeRawMessage(message))
}

// Outside the out folder there is no staging swap: each file is replaced whole, so the dev server never reads half of one.
async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, data)
  await rename(temporary, path)
}
