import {gfmAutolinkLiteralFromMarkdown} from 'mdast-util-gfm-autolink-literal'
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote'
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item'
import {gfmAutolinkLiteral} from 'micromark-extension-gfm-autolink-literal'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import type {Construct, ConstructRecord, Extension, TokenizeContext} from 'micromark-util-types'
import type {Processor} from 'unified'

/** Whether a gated construct may start at `offset` of `source`; where it says no, the construct would fail too. */
type Gate = (context: TokenizeContext, source: string, offset: number) => boolean

// What a GFM email literal must start with: its local part, then `@` (micromark's atext is ASCII `[\w+.-]`).
const emailStart = /[\w+\-.]*@/y

// What the other literal autolinks must start with, as their tokenizers check it (ASCII, any case).
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

// The GFM constructs tried far more often than they match, by their documented micromark names.
const gates: Record<string, Gate> = {
  emailAutolink: (_, source, offset) => startsWith(emailStart, source, offset),
  wwwAutolink: (_, source, offset) => startsWith(wwwStart, source, offset),
  protocolAutolink: (_, source, offset) => startsWith(protocolStart, source, offset),
  // A footnote call is `[^`: every other `[` (each link) need not be tried as one.
  gfmFootnoteCall: (_, source, offset) => source.charCodeAt(offset + 1) === 94,
  table: mayStartTable
}

/** The tree extension mdast-util-gfm-autolink-literal gives, whose transforms this plugin gates. */
type TreeExtension = ReturnType<typeof gfmAutolinkLiteralFromMarkdown>
type Transform = NonNullable<TreeExtension['transforms']>[number]

/**
 * GitHub Flavored Markdown (autolink literals, footnotes, strikethrough, tables, task lists) as remark-gfm adds it,
 * composed from the same micromark and mdast extensions, with a cheap check in front of the work that cannot change
 * the tree; use after remark-parse. The tree stays remark-gfm's, positions included:
 * - the email literal tokenizer runs only where an email can start. It is tried at the start of every word and costs
 *   as much as the rest of GFM together; an email needs its local part followed by `@`, which one regular expression
 *   on the source answers, and where it says no the tokenizer would have failed too. The check also answers the
 *   construct's `previous`, so text does not even break there: a break costs an attempt (state saved, then restored)
 *   and a `data` token per word that micromark merges again afterwards;
 * - likewise the `www.` and `http(s)://` tokenizers, tried at every word that starts with `w` or `h` (each first looks
 *   back through the events for an open link), and the footnote call tokenizer, tried at every `[`;
 * - the table tokenizer, tried at the start of every block, runs only where a `|` is near (see {@link mayStartTable});
 * - the autolink pass over the finished tree (most of its time in unist-util-visit-parents) runs only when some text
 *   outside a link holds `@`, `http://`, `https://` or `www.`, without which none of its four patterns can match.
 * It writes GFM for parsing only (pressroom never serializes Markdown), and takes no options.
 */
export function remarkGfmGated(this: Processor): void {
  // The checks read the source around the tokenizer's place: the parser remark-parse set is wrapped to keep it.
  let source: string | undefined
  const parse = this.parser
  if (!parse) throw new Error('Unexpected remarkGfmGated before remark-parse, expected it after: its checks read the source remark-parse is given')
  this.parser = (document, file) => {
    source = document
    try {
      return parse(document, file)
    } finally {
      source = undefined
    }
  }
  const gated = new Map<Construct, Construct>()
  const gate = (construct: Construct): Construct => {
    const allowed = construct.name === undefined ? undefined : gates[construct.name]
    if (!allowed) return construct
    let wrapped = gated.get(construct)
    if (wrapped) return wrapped
    const {tokenize, previous} = construct
    // Outside a parse of the wrapped parser (no source to look at), every construct is let through.
    const mayStart = (context: TokenizeContext) => source === undefined || allowed(context, source, context.now().offset)
    wrapped = {
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
  const data = this.data()
  const syntax = (data.micromarkExtensions ??= [])
  // The order remark-gfm gives them (micromark-extension-gfm's), as copies: the packages share their records.
  for (const extension of [gfmAutolinkLiteral(), gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem()]) {
    syntax.push(gateExtension(extension, gate))
  }
  const autolinks = gfmAutolinkLiteralFromMarkdown()
  ;(data.fromMarkdownExtensions ??= []).push([
    {...autolinks, transforms: autolinks.transforms?.map(gateAutolinkTransform)},
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown()
  ])
}

/** A copy of `extension` whose flow and text constructs went through `gate`; the original is left as it was. */
function gateExtension(extension: Extension, gate: (construct: Construct) => Construct): Extension {
  const copy = (record: ConstructRecord | undefined): ConstructRecord | undefined => {
    if (!record) return record
    const result: ConstructRecord = {}
    for (const [code, at] of Object.entries(record)) result[code] = Array.isArray(at) ? at.map(gate) : at && gate(at)
    return result
  }
  const result: Extension = {...extension}
  if (extension.flow) result.flow = copy(extension.flow)
  if (extension.text) result.text = copy(extension.text)
  return result
}

/** Text that any of the autolink pass's patterns (URL, `xmpp:`, `mailto:`, email) needs to match. */
const mayHoldAutolink = /@|https?:\/\/|www\./i

/** The autolink pass, run only on a tree where it can find something. */
function gateAutolinkTransform(transform: Transform): Transform {
  return (tree, ...rest) => (hasAutolinkText(tree) ? transform(tree, ...rest) : undefined)
}

interface MdastNode {
  type: string
  value?: string
  children?: MdastNode[]
}

/** Whether a text node outside links and link references (which the pass skips) may hold an autolink literal. */
function hasAutolinkText(node: MdastNode): boolean {
  if (node.type === 'text') return mayHoldAutolink.test(node.value ?? '')
  if (node.type === 'link' || node.type === 'linkReference' || !node.children) return false
  return node.children.some(hasAutolinkText)
}
