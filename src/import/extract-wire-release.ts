import {formatDateline} from '../release/format-dateline.js'
import {PressroomError} from '../report/pressroom-error.js'
import {markdownText} from './markdown-text.js'
import {parseContacts, type Contact} from './parse-contacts.js'
import {recogniseDateline, type WireDateline} from './recognise-dateline.js'

/** What the importer took from a wire release, and what it could not place, by input line. */
export interface WireRelease {
  title: string
  subtitle?: string
  dateline: WireDateline
  organization?: {name: string; tickers: string[]; boilerplate: string[]; contacts: Contact[]; url?: string}
  /** Body blocks as Markdown, the lede (without its dateline) first. */
  body: string[]
  media?: {url: string}
  source?: string
  /** What was recognised, for the import's report: `line 3: dateline …`. */
  recognised: Array<{line: number; what: string}>
  /** What was not: kept where the note says, or left out. */
  notes: Array<{line: number; what: string}>
}

/** A run of non-blank lines, with the line number (1-based) of each. */
interface Paragraph {
  lines: Array<{line: number; text: string}>
}

const mediaSnippet = /^A (?:Media Snippet|photo|video|multimedia)\b.*\baccompanying this (?:announcement|release)\b.*\bavailable\b/i
const mediaLine = /^(Photo|Video|Multimedia|Logo)\s*[-–:]\s*(https?:\/\/\S+)\s*$/i
const aboutHeading = /^About\s+(.{2,100}?)\s*:?$/
const contactHeading = /^(?:(?:Media|Press|Investor|Company|Corporate)(?:\s+(?:and|&)\s+\w+)?\s+)?(?:Contacts?|Inquiries|Enquiries|Relations)\s*(?::\s*(.*))?$/i
const sourceLine = /^(?:Source:\s*|SOURCE\s+)(.+)$/
const endMark = /^(?:#\s*#\s*#|-\s*30\s*-|-\s*ENDS?\s*-|ENDS?)$/i
const ticker = /\(((?:(?:NASDAQ|NYSE(?: American| Arca)?|TSXV?|TSX-V|LSE|AIM|AMEX|OTCQ[XB]|OTC|CSE|ASX|XETRA|FWB|FSE|SIX|HKEX|SSE|SZSE|TSE|TYO|NSE|BSE|Euronext \w+|[A-Z]{2,8})\s*:\s*[A-Z0-9][A-Z0-9.-]{0,9}\s*[;,]?\s*)+)\)/
const noiseHeader = /^(?:news release|press release|for immediate release|media release|\d{1,2}\/\d{1,2}\/\d{4}.*|\w+ \d{1,2}, \d{4}.*(?:time|GMT|UTC|E[SD]T|P[SD]T)?)$/i

/** Recognise a wire release's shape and split it into the fields of a release and of its organization. */
export function extractWireRelease(text: string, options: {fallbackTitle?: string} = {}): WireRelease {
  const paragraphs = splitParagraphs(text)
  const recognised: WireRelease['recognised'] = []
  const notes: WireRelease['notes'] = []
  const at = paragraphs.findIndex((paragraph) => recogniseDateline(joined(paragraph)) !== undefined)
  const datelineParagraph = paragraphs[at]
  if (datelineParagraph === undefined) {
    throw new PressroomError('WIRE_RELEASE_UNRECOGNISED', 'Unexpected text without a wire dateline, expected `CITY, Region, Sept. 15, 2025 (GLOBE NEWSWIRE) --`, `CITY, Sept. 15, 2025 /PRNewswire/ --` or `CITY--(BUSINESS WIRE)--Sept. 15, 2025--`', {hint: 'Import the release as the wire sent it, headline and dateline included'})
  }
  const dateline = recogniseDateline(joined(datelineParagraph)) as WireDateline
  const firstLine = datelineParagraph.lines[0]?.line ?? 1
  recognised.push({line: firstLine, what: `dateline: ${formatDateline(dateline.place, dateline.date, dateline.distributor).text}`})
  if (dateline.before !== '') notes.push({line: firstLine, what: `\`${dateline.before}\` before the dateline is not part of the release; left out`})

  // The headline and subline: what stands before the dateline, less the wires' own header lines.
  const header = paragraphs.slice(0, at).flatMap((paragraph) => paragraph.lines).filter(({line, text}) => {
    if (!noiseHeader.test(text)) return true
    notes.push({line, what: `\`${text}\` is a wire header line; left out`})
    return false
  })
  const [titleLine, ...subtitleLines] = header
  // A headline and a subline or two: more lines before the dateline are something else (a cover note, a header).
  for (const extra of subtitleLines.splice(2)) notes.push({line: extra.line, what: 'a third line before the dateline; left out'})
  let title = titleLine?.text
  if (titleLine) recognised.push({line: titleLine.line, what: `title: ${titleLine.text}`})
  const subtitle = subtitleLines.map((entry) => entry.text).join(' ').trim() || undefined
  if (subtitle !== undefined) recognised.push({line: subtitleLines[0]?.line ?? 1, what: `subtitle: ${subtitle}`})

  const tickerMatch = ticker.exec(dateline.lede)
  const tickers = tickerMatch ? (tickerMatch[1] ?? '').split(/[;,]/).map((part) => part.replace(/\s*:\s*/, ': ').trim()).filter(Boolean) : []
  const tickerName = tickerMatch ? nameBefore(dateline.lede.slice(0, tickerMatch.index)) : undefined
  if (tickerMatch) recognised.push({line: firstLine, what: `ticker: ${tickers.join(', ')}${tickerName ? ` of ${tickerName}` : ''}`})
  if (title === undefined && options.fallbackTitle !== undefined && options.fallbackTitle.trim() !== '') {
    title = options.fallbackTitle.trim()
    recognised.push({line: firstLine, what: `title: ${title} (the email's subject: no headline before the dateline)`})
  }
  if (title === undefined) {
    title = firstSentence(dateline.lede)
    notes.push({line: firstLine, what: 'no headline before the dateline: took the lede\'s first sentence as the title; check it'})
  }

  const body: string[] = [markdownText(dateline.lede)]
  const boilerplate: string[] = []
  const contactLines: Array<{line: number; text: string}> = []
  let aboutName: string | undefined
  let media: WireRelease['media']
  let source: string | undefined
  let section: 'body' | 'about' | 'contact' | 'after-source' = 'body'
  for (const paragraph of paragraphs.slice(at + 1)) {
    const first = paragraph.lines[0] as {line: number; text: string}
    const text = joined(paragraph)
    if (section === 'after-source') {
      notes.push({line: first.line, what: 'text after `Source:` is not part of the release; left out'})
      continue
    }
    if (mediaSnippet.test(text)) {
      const link = /\((https?:\/\/[^\s)]+)\)|(https?:\/\/\S+)/.exec(text)
      const url = link?.[1] ?? link?.[2]?.replace(/[.,;]+$/, '')
      if (url) {
        media = {url}
        recognised.push({line: first.line, what: `Media Snippet: ${url}`})
      } else notes.push({line: first.line, what: 'the Media Snippet line carries no link (plain text drops it); add `media:` to the release by hand'})
      continue
    }
    const mediaMatch = mediaLine.exec(text)
    if (mediaMatch) {
      if ((mediaMatch[1] ?? '').toLowerCase() === 'logo') notes.push({line: first.line, what: 'a logo link is not a Media Snippet; left out'})
      else if (media === undefined) {
        media = {url: mediaMatch[2] as string}
        recognised.push({line: first.line, what: `Media Snippet: ${media.url}`})
      } else notes.push({line: first.line, what: 'a second media link; left out (add it to `media:` by hand)'})
      continue
    }
    if (/^View source version on businesswire\.com/i.test(text)) {
      notes.push({line: first.line, what: "Business Wire's link to its own copy; left out"})
      continue
    }
    const rest: Array<{line: number; text: string}> = []
    for (const entry of paragraph.lines) {
      const sourceMatch = sourceLine.exec(entry.text)
      if (section !== 'after-source' && sourceMatch) {
        source = (sourceMatch[1] ?? '').trim()
        recognised.push({line: entry.line, what: `source: ${source}`})
        section = 'after-source'
        continue
      }
      if (section === 'after-source') notes.push({line: entry.line, what: 'text after `Source:` is not part of the release; left out'})
      else if (endMark.test(entry.text)) recognised.push({line: entry.line, what: 'end mark'})
      else rest.push(entry)
    }
    if (rest.length === 0) continue
    const head = rest[0] as {line: number; text: string}
    const about = aboutHeading.exec(head.text)
    const contact = contactHeading.exec(head.text)
    if (about && head.text.length <= 100 && !/[.!?]$/.test(head.text.replace(/\b(?:Inc|Corp|Ltd|Co|S\.A|N\.V|L\.P)\.$/, ''))) {
      section = 'about'
      aboutName = (about[1] ?? '').trim()
      recognised.push({line: head.line, what: `About ${aboutName}: the organization's boilerplate`})
      rest.shift()
      if (rest.length > 0) boilerplate.push(block(rest))
      continue
    }
    if (contact) {
      section = 'contact'
      recognised.push({line: head.line, what: 'media contact'})
      const after = (contact[1] ?? '').trim()
      rest.shift()
      if (after !== '') contactLines.push(...after.split(/\s*[,|]\s*/).map((part) => ({line: head.line, text: part})))
      contactLines.push(...rest, {line: head.line, text: ''})
      continue
    }
    const closingBlock = /^(?:forward[- ]looking statements?|safe harbou?r|cautionary (?:note|statement))/i.test(head.text)
    // Forward-looking statements are this release's, not the organization's boilerplate: they end an About section.
    if (closingBlock && section === 'about') section = 'body'
    if (section === 'contact') {
      if (rest.every((entry) => entry.text.length <= 80 && !/[.!?]$/.test(entry.text))) {
        contactLines.push(...rest, {line: head.line, text: ''})
        continue
      }
      notes.push({line: head.line, what: 'could not tell whether this is body or contact; kept in body'})
    } else if (section === 'about') {
      boilerplate.push(block(rest))
      continue
    }
    if (closingBlock) {
      notes.push({line: head.line, what: 'forward-looking statements kept in the body'})
    }
    body.push(block(rest))
  }
  recognised.push({line: firstLine, what: `body: ${body.length} block${body.length === 1 ? '' : 's'}`})

  const organizationName = aboutName ?? tickerName ?? source
  const {contacts, stray} = parseContacts(contactLines, organizationName)
  for (const entry of stray) notes.push({line: entry.line, what: `\`${entry.text}\` in the contact block fits no contact field; left out`})
  for (const contact of contacts) recognised.push({line: contactLines[0]?.line ?? 1, what: `contact: ${[contact.name, contact.role, contact.email, contact.phone].filter(Boolean).join(', ')}`})
  if (source === undefined) notes.push({line: paragraphs.at(-1)?.lines.at(-1)?.line ?? 1, what: 'no `Source:` line; the source is the organization\'s name (or, without one, the newsroom\'s publisher)'})
  const url = /\[[^\]]*\]\(<(https?:\/\/[^>]+)>\)|<(https?:\/\/[^>]+)>/.exec(boilerplate.join('\n'))
  const organization = organizationName === undefined ? undefined : {
    name: organizationName,
    tickers,
    boilerplate,
    contacts,
    ...(url ? {url: (url[1] ?? url[2]) as string} : {})
  }
  notes.sort((a, b) => a.line - b.line)
  recognised.sort((a, b) => a.line - b.line)
  return {
    title,
    ...(subtitle === undefined ? {} : {subtitle}),
    dateline,
    ...(organization ? {organization} : {}),
    body,
    ...(media ? {media} : {}),
    ...(source === undefined ? (organizationName === undefined ? {} : {source: organizationName}) : {source}),
    recognised,
    notes
  }
}

function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let current: Paragraph | undefined
  text.split('\n').forEach((raw, index) => {
    const value = raw.replace(/[\t\u00a0 ]+/g, ' ').trim()
    if (value === '') {
      current = undefined
      return
    }
    if (!current) paragraphs.push((current = {lines: []}))
    current.lines.push({line: index + 1, text: value})
  })
  return paragraphs
}

const joined = (paragraph: Paragraph) => paragraph.lines.map((entry) => entry.text).join(' ')

const bullet = /^(?:[-*•·–]|\d{1,3}[.)])\s+/

/** A paragraph as Markdown: a list when its lines start with bullets or numbers, else one paragraph of joined lines. */
function block(lines: ReadonlyArray<{text: string}>): string {
  if (!bullet.test(lines[0]?.text ?? '')) return markdownText(lines.map((entry) => entry.text).join(' '))
  const ordered = /^\d/.test(lines[0]?.text ?? '')
  const items: string[] = []
  for (const {text} of lines) {
    if (bullet.test(text)) items.push(text.replace(bullet, ''))
    else items[items.length - 1] += ' ' + text
  }
  return items.map((item, index) => `${ordered ? `${index + 1}.` : '-'} ${markdownText(item)}`).join('\n')
}

/** The company's name just before its ticker: the capitalised words (and `&`, `of`, `Inc.`) that end there. */
function nameBefore(text: string): string | undefined {
  const words = text.trim().split(/\s+/)
  const name: string[] = []
  while (words.length > 0) {
    const word = words[words.length - 1] as string
    if (!/^(?:[A-Z0-9][\w.&'’-]*,?|&|of|and|de)$/.test(word)) break
    name.unshift(words.pop() as string)
  }
  while (name.length > 0 && /^(?:of|and|de|&)$/.test(name[0] as string)) name.shift()
  const value = name.join(' ').replace(/,$/, '')
  return value === '' ? undefined : value
}

const abbreviations = /(?:^|\s)(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|St|No|U\.S|[A-Z])\.$/

/** The lede's first sentence, for a release that came without a headline: a full stop after `Sept` or `Inc` ends none. */
function firstSentence(lede: string): string {
  for (const match of lede.matchAll(/[.!?](?=\s+[A-Z"“]|$)/g)) {
    const end = match.index + 1
    if (end >= 10 && !abbreviations.test(lede.slice(0, end))) return lede.slice(0, end).trim()
  }
  return lede.trim()
}
