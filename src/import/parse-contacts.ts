/** A media contact as the organization file holds it: whatever of name, role, email and phone the release gave. */
export interface Contact {
  name?: string
  role?: string
  email?: string
  phone?: string
}

/** A line of a contact block that fit no field, with its input line number. */
export interface StrayLine {
  line: number
  text: string
}

const contactLabel = /^(?:Media|Press|Investors?|Analysts?|Journalists?)\s*:$/i
const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/
const phone = /^(?:(?:tel|phone|telephone|mobile|cell|office|t|m|p)\b\.?:?\s*)?(\+?[\d(][\d ().\/-]{5,}\d)(?:\s*(?:x|ext\.?)\s*\d+)?$/i

/** Read a media contact block (lines after `Media Contact:`), one contact per group of lines; blank lines split groups. */
export function parseContacts(lines: ReadonlyArray<{line: number; text: string}>, organizationName: string | undefined): {contacts: Contact[]; stray: StrayLine[]} {
  const contacts: Contact[] = []
  const stray: StrayLine[] = []
  let current: Contact = {}
  const close = () => {
    if (Object.keys(current).length > 0) contacts.push(current)
    current = {}
  }
  for (const {line, text} of lines) {
    const value = text.replace(/^(?:name|contact)\s*:\s*/i, '').trim()
    // A blank line, or a label such as Business Wire's `Media:` / `Investors:`, starts the next contact.
    if (value === '' || contactLabel.test(value)) {
      close()
      continue
    }
    const mail = email.exec(value)
    const number = phone.exec(value)
    if (mail && value.replace(/^(?:e-?mail\s*:?\s*)/i, '').trim() === mail[0]) {
      if (current.email) close()
      current.email = mail[0]
    } else if (number) {
      if (current.phone) close()
      current.phone = number[0].replace(/^(?:(?:tel|phone|telephone|mobile|cell|office|t|m|p)\b\.?:?\s*)/i, '')
    } else if (organizationName !== undefined && value.toLowerCase() === organizationName.toLowerCase()) {
      // The company's name under the contact's: the organization file already says whose contact it is.
    } else if (current.name === undefined && !current.email && !current.phone && looksLikeName(value)) {
      current.name = value
    } else if (current.name !== undefined && current.role === undefined && !current.email && !current.phone && value.length <= 80) {
      current.role = value
    } else {
      stray.push({line, text})
    }
  }
  close()
  return {contacts, stray}
}

/** A person's name: two to five words, no sentence punctuation or digits. */
const looksLikeName = (value: string) => /^[^\d@:;!?]{2,60}$/.test(value) && value.split(/\s+/).length <= 5 && !/[.]$/.test(value.replace(/\b[A-Z]\.$/, ''))
