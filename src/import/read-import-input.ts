import {readFile} from 'node:fs/promises'
import {PressroomError} from '../report/pressroom-error.js'
import {htmlToPlainText} from './html-to-plain-text.js'
import {parseMail} from '../parse-mail.js'

/** The text of a wire release as received, with where it came from. */
export interface ImportInput {
  /** The release text, `\n` line ends: the file itself, or an email's text part. */
  text: string
  /** What the line numbers count: `the file`, or `the email's text/plain part`. */
  linesOf: string
  /** An email's HTML part as text (links kept), when it has one: only its links are taken. */
  htmlText?: string
  /** An email's subject: the headline when the text has none. */
  subject?: string
}

/** Read a `.txt` file, an `.eml` (or any input that starts with mail headers) or stdin (`-`) into text. */
export async function readImportInput(path: string, readStdin: () => Promise<Buffer>): Promise<ImportInput> {
  let bytes: Buffer
  try {
    bytes = path === '-' ? await readStdin() : await readFile(path)
  } catch (error) {
    throw new PressroomError('IMPORT_INPUT_UNREADABLE', `Could not read \`${path}\`: ${(error as Error).message}`, {hint: 'Give a .txt or .eml file, or - to read standard input'})
  }
  const head = bytes.subarray(0, 4096).toString('latin1')
  if (path.toLowerCase().endsWith('.eml') || looksLikeMail(head)) return readMail(bytes)
  const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes).replace(/^\uFEFF/, '')
  return {text: normaliseLineEnds(text), linesOf: 'the file'}
}

/** Mail headers first: a `Name: value` line and a MIME or address header before the first blank line. */
function looksLikeMail(head: string): boolean {
  const headers = head.split(/\r?\n\r?\n/)[0] ?? ''
  return /^[A-Za-z-]+:[ \t]/.test(headers) && /^(MIME-Version|Content-Type|From|Message-ID):/im.test(headers) && /^(Subject|From):/im.test(headers)
}

async function readMail(bytes: Buffer): Promise<ImportInput> {
  // mailparser decodes transfer encodings and charsets, which no regex does right. Its own HTML-to-text would lose the
  // links and lists, so parseMail skips it; ours keeps them (html-to-plain-text.ts).
  const mail = await parseMail(bytes)
  const htmlText = typeof mail.html === 'string' ? normaliseLineEnds(htmlToPlainText(mail.html)) : undefined
  const subject = mail.subject?.trim() ? {subject: mail.subject.trim()} : {}
  const plain = mail.text === undefined || mail.text.trim() === '' ? undefined : normaliseLineEnds(mail.text)
  if (plain !== undefined) return {text: plain, linesOf: "the email's text/plain part", ...subject, ...(htmlText === undefined ? {} : {htmlText})}
  if (htmlText !== undefined) return {text: htmlText, linesOf: "the email's HTML part, as text", ...subject}
  throw new PressroomError('IMPORT_INPUT_UNREADABLE', 'Unexpected email without a text or HTML part, expected the release as text', {hint: 'Save the release itself as a .txt file and import that'})
}

const normaliseLineEnds = (text: string) => text.replace(/\r\n?/g, '\n')
