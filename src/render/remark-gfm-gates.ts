import type {Processor} from 'unified'

/** The parts of micromark's construct and tokenizer types this plugin touches (micromark itself is not imported). */
interface Construct {
  name?: string
  tokenize: (this: TokenizeContext, effects: unknown, ok: State, nok: State) => State
  previous?: (this: TokenizeContext, code: number | null) => boolean
}
type State = (code: number | null) => unknown
interface TokenizeContext {
  now(): {offset: number}
  events: Array<[string, {type: string}, unknown]>
}
type Constructs = Record<string, Construct | Construct[]>

// What a GFM email literal must start with: its local part, then `@` (micromark's atext is ASCII `[\w+.-]`).
const emailStart = /[\w+\-.]*@/y

// What the other literal autolinks must start with, as remark-gfm's tokenizers check it (ASCII, any case).
const wwwStart = /www\./iy
const protocolStart = /https?:\/\//iy

/** Whether `pattern` matches at `offset` of `source`. */
function startsWith(pattern: RegExp, source: string, offset: number): boolean {
  pattern.lastIndex = offset
  return pattern.test(source)
}

/**
 * Whether a table can start here: a table row follows (its body rows need no `|`), or the line or the next one (the
 * head and delimiter rows) holds a `|`, or a `:-` or `-:` (a delimiter row with an alignment needs no `|`: `a\n:-` is a
 * table). Looking to the second `\n` also covers lines that end in a lone `\r`.
 */
function mayStartTable(context: TokenizeContext, source: string, offset: number): boolean {
  let index = context.events.length - 1
  while (index > -1 && (context.events[index]?.[1].type === 'lineEnding' || context.events[index]?.[1].type === 'linePrefix')) index--
  const tail = index > -1 ? context.events[index]?.[1].type : undefined
  if (tail === 'tableHead' || tail === 'tableRow') return true
  const lineEnd = source.indexOf('\n', offset)
  const nextEnd = lineEnd === -1 ? -1 : source.indexOf('\n', lineEnd + 1)
  const rows = source.slice(offset, nextEnd === -1 ? undefined : nextEnd)
  return rows.includes('|') || rows.includes(':-') || rows.includes('-:')
}

/**
 * Skip the work of remark-gfm that cannot change a release's tree, so the output stays remark-gfm's, byte for byte
 * (use after remark-parse and remark-gfm):
 * - its email literal tokenizer runs only where an email can start. It is tried at the start of every word and cost as
 *   much as the rest of GFM together (1.5 to 3 ms of a 9 KB release); an email needs its local part followed by `@`,
 *   which one regular expression on the source answers, and where it says no the tokenizer would have failed too.
 *   The gate also answers the construct's `previous` check, so text does not even break there: a break costs an
 *   attempt (state saved, then restored) and a `data` token per word that micromark merges again afterwards;
 * - likewise its `www.` and `http(s)://` tokenizers, tried at every word that starts with `w` or `h` (each first looks
 *   back through the events for an open link), and its footnote call tokenizer, tried at every `[`;
 * - its table tokenizer, tried at the start of every block, runs only where a `|` is near (see {@link mayStartTable});
 * - its autolink pass over the finished tree (a tenth of a worker's time, most of it in unist-util-visit-parents)
 *   runs only when some text outside a link holds `@`, `http://`, `https://` or `www.`, without which none of its
 *   four patterns can match.
 */
export function remarkGfmGates(this: Processor): void {
  let source: string | undefined
  const parse = this.parser
  if (parse) {
    this.parser = (document, file) => {
      source = document
      try {
        return parse(document, file)
      } finally {
        source = undefined
      }
    }
  }
  const gates: Record<string, (context: TokenizeContext, source: string, offset: number) => boolean> = {
    emailAutolink: (_, text, offset) => startsWith(emailStart, text, offset),
    wwwAutolink: (_, text, offset) => startsWith(wwwStart, text, offset),
    protocolAutolink: (_, text, offset) => startsWith(protocolStart, text, offset),
    // A footnote call is `[^`: every other `[` (each link) need not be tried as one.
    gfmFootnoteCall: (_, text, offset) => text.charCodeAt(offset + 1) === 94,
    table: mayStartTable
  }
  const gated = new Map<Construct, Construct>()
  const gate = (construct: Construct): Construct => {
    const allowed = construct.name === undefined ? undefined : gates[construct.name]
    if (!allowed) return construct
    const known = gated.get(construct)
    if (known) return known
    const {tokenize, previous} = construct
    // Outside a parse this plugin wrapped (no source to look at), every construct is let through.
    const mayStart = (context: TokenizeContext) => source === undefined || allowed(context, source, context.now().offset)
    const wrapped: Construct = {
      ...construct,
      tokenize(effects, ok, nok) {
        return mayStart(this) ? tokenize.call(this, effects, ok, nok) : nok
      }
    }
    if (previous) {
      wrapped.previous = function (code) {
        return previous.call(this, code) && mayStart(this)
      }
    }
    gated.set(construct, wrapped)
    return wrapped
  }
  const extensions = (this.data('micromarkExtensions') ?? []) as Array<{text?: Constructs; flow?: Constructs}>
  for (const extension of extensions) {
    for (const constructs of [extension.text, extension.flow]) {
      if (!constructs) continue
      for (const code of Object.keys(constructs)) {
        const at = constructs[code]
        if (at) constructs[code] = Array.isArray(at) ? at.map(gate) : gate(at)
      }
    }
  }
  for (const extension of [this.data('fromMarkdownExtensions') ?? []].flat(2) as TreeExtension[]) {
    if (extension.transforms) extension.transforms = extension.transforms.map((transform) => (autolinkTransformName.test(transform.name) ? gateAutolinks(transform) : transform))
  }
}

/** The part of an mdast-util-from-markdown extension this plugin edits. */
interface TreeExtension {
  transforms?: Array<(tree: MdastParent) => MdastParent | undefined | void>
}
interface MdastParent {
  type: string
  value?: string
  children?: MdastParent[]
}

// mdast-util-gfm-autolink-literal's tree pass, by name (a bundler may add a number to it).
const autolinkTransformName = /^transformGfmAutolinkLiterals\d*$/
// What text needs for any of its patterns (URL, `xmpp:`, `mailto:`, email) to match.
const mayHoldAutolink = /@|https?:\/\/|www\./i

function gateAutolinks(transform: NonNullable<TreeExtension['transforms']>[number]): NonNullable<TreeExtension['transforms']>[number] {
  return (tree) => (hasAutolinkText(tree) ? transform(tree) : undefined)
}

/** Whether a text node outside links and link references (which the pass skips) may hold an autolink literal. */
function hasAutolinkText(node: MdastParent): boolean {
  if (node.type === 'text') return mayHoldAutolink.test(node.value ?? '')
  if (node.type === 'link' || node.type === 'linkReference' || !node.children) return false
  return node.children.some(hasAutolinkText)
}
