import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Config} from '../config/config-schema.js'
import type {Release} from '../release/release.js'
import type {Subscriber} from '../store/subscriber-store.js'
import {buildDigestMessage, preferencesUrl, siteHost, unsubscribeUrl} from './build-digest-message.js'
import {copyMessageId} from './copy-message-id.js'
import {releasesForTags, type ComposeDigest} from './compose-digest.js'
import type {DkimSettings} from './dkim-settings.js'
import {composeRawMessage} from './mail-transport.js'

/** What a dry run wrote. */
export interface DryRunResult {
  written: string[]
  skipped: {email: string; reason: string}[]
}

/** Write each active subscriber's message as an `.eml` file into `outDir`, touching neither a server nor the store. */
export async function writeDryRun(input: {
  config: Config
  subscribers: readonly Subscriber[]
  releases: readonly Release[]
  compose: ComposeDigest
  /** Which releases a subscriber gets; default: those sharing a tag. */
  releasesFor?: (releases: readonly Release[], subscriber: Subscriber) => Release[]
  token(subscriberId: number): string
  /** Signs each recipient's preference-page token; without it the manage link leads to the sign-up page. */
  manageToken?(subscriberId: number): string
  /** Keys the Message-IDs, as a real send would; without it they are keyed with a word that is plainly no secret. */
  secret?: string
  outDir: string
  dkim?: DkimSettings
}): Promise<DryRunResult> {
  await mkdir(input.outDir, {recursive: true})
  const result: DryRunResult = {written: [], skipped: []}
  for (const subscriber of input.subscribers) {
    if (subscriber.status !== 'active') {
      result.skipped.push({email: subscriber.email, reason: `subscriber is ${subscriber.status}`})
      continue
    }
    const releases = input.releasesFor ? input.releasesFor(input.releases, subscriber) : releasesForTags(input.releases, subscriber.tags)
    if (releases.length === 0) {
      result.skipped.push({email: subscriber.email, reason: 'no release shares a tag'})
      continue
    }
    const token = input.token(subscriber.id)
    const message = buildDigestMessage({
      config: input.config,
      content: await input.compose(releases, unsubscribeUrl(input.config, token), input.manageToken && preferencesUrl(input.config, input.manageToken(subscriber.id))),
      to: {name: subscriber.name, address: subscriber.email},
      // Digest 0: a dry run creates no digest, so its messages must not share an id with a real one.
      messageId: copyMessageId({kind: 'digest', digestId: 0, subscriberId: subscriber.id}, siteHost(input.config), input.secret ?? 'dry-run-not-a-secret'),
      token
    })
    const path = join(input.outDir, `${String(subscriber.id).padStart(6, '0')}-${subscriber.email.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`)
    await writeFile(path, await composeRawMessage(message, input.dkim))
    result.written.push(path)
  }
  return result
}
