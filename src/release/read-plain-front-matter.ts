/**
 * Front matter in the plain form most release files take (`key: value` lines, one level of nested mapping, a list of
 * mappings, flow lists of quoted strings) read straight into data, or undefined for anything else: then the YAML
 * parser reads it. What this reads, the parser reads alike and without a problem; where it is unsure it declines.
 */
export function readPlainFrontMatter(text: string): Record<string, unknown> | undefined {
  // Comments, tabs, escapes, flow mappings, line breaks other than `\n` and control characters: the parser's part.
  if (notPlain.test(text)) return undefined
  const lines = text.split('\n')
  const data: Record<string, unknown> = {}
  let index = 0
  const next = () => {
    while (index < lines.length && (lines[index] as string).trim() === '') index++
    return lines[index]
  }
  for (let line = next(); line !== undefined; line = next()) {
    const pair = pairOf(line, 0)
    if (!pair || Object.hasOwn(data, pair.key)) return undefined
    index++
    if (pair.value !== '') {
      const value = scalarOrList(pair.value)
      if (value === undefined) return undefined
      data[pair.key] = value.value
      continue
    }
    const first = next()
    const indent = first === undefined ? 0 : indentOf(first)
    if (first === undefined || indent === 0) return undefined
    const block = first.startsWith('- ', indent) ? readList(lines, indent, index) : readMapping(lines, indent, index)
    if (!block) return undefined
    data[pair.key] = block.value
    index = block.end
  }
  return data
}

// Anything not plain anywhere in the text, see above; `\u00a0` and the like are left to the parser too.
const notPlain = /[\0-\t\v-\x1f\x7f-\xa0#\\{}\u2028\u2029\ufeff]/

const keyLine = /^([A-Za-z_][\w-]*):(?: +(.*))?$/

function indentOf(line: string): number {
  return line.length - line.trimStart().length
}

/** `key: value` at exactly `indent` spaces (the value trimmed, `''` for none). */
function pairOf(line: string, indent: number): {key: string; value: string} | undefined {
  if (indentOf(line) !== indent) return undefined
  const match = keyLine.exec(line.slice(indent))
  // A key the core schema reads as a null or a boolean is the parser's.
  if (!match || specialWord.test(match[1] as string)) return undefined
  return {key: match[1] as string, value: (match[2] ?? '').trim()}
}

/** A mapping of scalar values, each line at `indent`; it ends at a line indented less. */
function readMapping(lines: string[], indent: number, start: number, into: Record<string, unknown> = {}): {value: Record<string, unknown>; end: number} | undefined {
  let index = start
  for (; index < lines.length; index++) {
    const line = lines[index] as string
    if (line.trim() === '') continue
    if (indentOf(line) < indent) break
    const pair = pairOf(line, indent)
    if (!pair || pair.value === '' || Object.hasOwn(into, pair.key)) return undefined
    const value = scalarOrList(pair.value)
    if (value === undefined) return undefined
    into[pair.key] = value.value
  }
  return {value: into, end: index}
}

/** A list whose `- ` items are at `indent`: scalars, or mappings whose further keys line up with their first. */
function readList(lines: string[], indent: number, start: number): {value: unknown[]; end: number} | undefined {
  const list: unknown[] = []
  let index = start
  while (index < lines.length) {
    const line = lines[index] as string
    if (line.trim() === '') {
      index++
      continue
    }
    if (indentOf(line) < indent) break
    if (indentOf(line) !== indent || !line.startsWith('- ', indent)) return undefined
    const item = line.slice(indent + 2)
    if (item.startsWith(' ')) return undefined
    const pair = pairOf(item, 0)
    if (!pair) {
      const value = scalarOrList(item.trim())
      if (value === undefined) return undefined
      list.push(value.value)
      index++
      continue
    }
    if (pair.value === '') return undefined
    const first = scalarOrList(pair.value)
    if (first === undefined) return undefined
    const mapping = readMapping(lines, indent + 2, index + 1, {[pair.key]: first.value})
    if (!mapping) return undefined
    list.push(mapping.value)
    index = mapping.end
  }
  return {value: list, end: index}
}

const quoted = /^"([^"]*)"$/
const quotedList = /^\[ *(?:"[^"]*" *(?:, *"[^"]*" *)*)?\]$/
// What YAML's core schema reads as a number or a null, boolean, infinity or NaN, as the parser writes each pattern.
const numberLike = /^[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))$/
const specialWord = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/
const plainInteger = /^(?:0|[1-9][0-9]{0,14})$/
// Characters a plain scalar cannot start with (YAML's indicators), and what ends or splits one.
const indicator = /^[-?:,[\]{}#&*!|>'"%@`]/

/** A double-quoted string, a flow list of them, or a plain scalar that is a string, an integer or a boolean. */
function scalarOrList(text: string): {value: unknown} | undefined {
  if (text.startsWith('"')) {
    const match = quoted.exec(text)
    return match ? {value: match[1]} : undefined
  }
  if (text.startsWith('[')) return listOf(text)
  if (text === '' || indicator.test(text) || text.includes(': ') || text.endsWith(':')) return undefined
  if (text === 'true' || text === 'false') return {value: text === 'true'}
  if (specialWord.test(text)) return undefined
  if (numberLike.test(text)) return plainInteger.test(text) ? {value: Number(text)} : undefined
  return {value: text}
}

/** A flow list, `[...]` on one line, of double-quoted strings or of plain scalars (no `:` in flow, where it may start a pair). */
function listOf(text: string): {value: unknown[]} | undefined {
  if (quotedList.test(text)) return {value: [...text.matchAll(/"([^"]*)"/g)].map((match) => match[1])}
  const inner = text.slice(1, -1)
  if (!text.endsWith(']') || /[[\]"':]/.test(inner)) return undefined
  if (inner.trim() === '') return {value: []}
  const items: unknown[] = []
  for (const item of inner.split(',')) {
    const value = scalarOrList(item.trim())
    if (value === undefined) return undefined
    items.push(value.value)
  }
  return {value: items}
}
