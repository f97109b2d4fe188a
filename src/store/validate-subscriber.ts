import {PressroomError} from '../report/pressroom-error.js'
import {tagSlug} from '../release/tag-slug.js'
import {frequencies, isFrequency, type Frequency} from './frequency-for.js'

/** A subscriber as given by a person or a CSV row, before it is stored. */
export interface SubscriberInput {
  email: string
  name?: string
  tags?: readonly string[]
  /** `instant`, `daily` or `weekly`; left out, a new subscriber gets daily and an existing one keeps theirs. */
  frequency?: string
}

/** A checked subscriber: trimmed address, its lowercase key, a single-line name and tag slugs. */
export interface ValidSubscriber {
  email: string
  emailKey: string
  name: string
  tags: string[]
  frequency?: Frequency
}

// C0 controls (CR and LF among them), DEL, C1 controls and the Unicode line/paragraph separators: any of them in a
// header-bound field could start a new header line or hide text.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u

// Deliberately plain: one @, a dot-atom local part, a domain of letter-digit-hyphen labels with a dot. Quoted local
// parts and IP literals are legal but only ever typos or abuse in a press list.
const emailPattern = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,}$/

/** Why `value` is not acceptable in a single-line field, or undefined when it is. */
export function controlCharacterProblem(value: string, field: string): string | undefined {
  const found = controlCharacters.exec(value)
  if (!found) return undefined
  const code = found[0].codePointAt(0) ?? 0
  return `Unexpected control character U+${code.toString(16).toUpperCase().padStart(4, '0')} in ${field}, expected a single line of text`
}

/** Why `email` is not a usable address, or undefined when it is. */
export function emailProblem(email: string): string | undefined {
  const controls = controlCharacterProblem(email, 'the email address')
  if (controls) return controls
  if (email.length === 0) return 'Unexpected empty email address'
  if (email.length > 254) return 'Unexpected email address longer than 254 characters'
  if (!emailPattern.test(email)) return `Unexpected email address \`${email}\`, expected name@example.com`
  return undefined
}

function frequencyProblem(value: string | undefined): string | undefined {
  const frequency = value?.trim().toLowerCase()
  if (frequency === undefined || frequency === '' || isFrequency(frequency)) return undefined
  return `Unexpected frequency \`${value}\`, expected ${frequencies.map((name) => `\`${name}\``).join(', ')}`
}

/** Check and normalise a subscriber, returning the reason it is refused instead when it is. */
export function checkSubscriber(input: SubscriberInput): ValidSubscriber | {problem: string} {
  const email = input.email.trim()
  const problem =
    emailProblem(email) ??
    controlCharacterProblem(input.name ?? '', 'the name') ??
    (input.tags ?? []).map((tag) => controlCharacterProblem(tag, 'a tag')).find(Boolean) ??
    frequencyProblem(input.frequency)
  if (problem) return {problem}
  const tags = [...new Set((input.tags ?? []).map((tag) => tag.trim()).filter(Boolean).map(tagSlug))].sort()
  const frequency = input.frequency?.trim().toLowerCase()
  return {email, emailKey: email.toLowerCase(), name: (input.name ?? '').trim(), tags, ...(isFrequency(frequency) ? {frequency} : {})}
}

/** Check a subscriber, throwing `SUBSCRIBER_INVALID` with the reason when it is refused. */
export function validateSubscriber(input: SubscriberInput): ValidSubscriber {
  const checked = checkSubscriber(input)
  if ('problem' in checked) {
    throw new PressroomError('SUBSCRIBER_INVALID', checked.problem, {hint: 'Fix the address, name or tags and run the command again'})
  }
  return checked
}

/** Split a tag list as typed on the command line or in a CSV cell: commas, semicolons or spaces. */
export function splitTags(value: string): string[] {
  // Spaces only, not \s: a tab or line break must reach the control-character check, not vanish in a split.
  return value.split(/[,; ]+/u).filter(Boolean)
}
