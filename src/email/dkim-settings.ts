import {createPrivateKey} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {PressroomError} from '../report/pressroom-error.js'

/** DKIM signing settings read from the environment. */
export interface DkimSettings {
  domain: string
  selector: string
  privateKey: string
  headerFieldNames: string
}

// The default set of signed headers plus the list headers: a one-click unsubscribe that is not signed is ignored by
// the big mailbox providers.
const signedHeaders = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type',
  'Content-Transfer-Encoding', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post'
].join(':')

/** DKIM from `DKIM_DOMAIN`, `DKIM_SELECTOR` and `DKIM_PRIVATE_KEY` (PEM) or `DKIM_PRIVATE_KEY_FILE`; undefined when unset. */
export function dkimSettings(env: Readonly<Record<string, string | undefined>>): DkimSettings | undefined {
  const {DKIM_DOMAIN: domain, DKIM_SELECTOR: selector} = env
  const keyFile = env.DKIM_PRIVATE_KEY_FILE
  if (!domain && !selector && !env.DKIM_PRIVATE_KEY && !keyFile) return undefined
  const hint = 'Set all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE), or none of them'
  if (!domain || !selector || (!env.DKIM_PRIVATE_KEY && !keyFile)) {
    throw new PressroomError('DKIM_INVALID', 'Incomplete DKIM settings in the environment', {hint})
  }
  let privateKey: string
  try {
    privateKey = keyFile ? readFileSync(keyFile, 'utf8') : (env.DKIM_PRIVATE_KEY ?? '').replace(/\\n/g, '\n')
    createPrivateKey(privateKey)
  } catch (error) {
    // Never echo the key itself.
    throw new PressroomError('DKIM_INVALID', 'Could not read the DKIM private key (expected a PEM private key)', {hint, cause: error})
  }
  return {domain, selector, privateKey, headerFieldNames: signedHeaders}
}
