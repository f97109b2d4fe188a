import type {Processor} from 'unified'

/** The parts of micromark's construct and tokenizer types this plugin touches (micromark itself is not imported). */
interface Construct {
  name?: string
  tokenize: (this: TokenizeContext, effects: unknown, ok: State, nok: State) => State
}
type State = (code: number | null) => unknown
interface TokenizeContext {
  now(): {offset: number}
}

// What a GFM email literal must start with: its local part, then `@` (micromark's atext is ASCII `[\w+.-]`).
const emailStart = /[\w+\-.]*@/y

/**
 * Let remark-gfm's email literal tokenizer run only where an email can start. It is tried at the start of every word
 * and costs as much as the rest of GFM together (1.5 to 3 ms of a 9 KB release); an email needs its local part
 * followed by `@`, which one regular expression on the source answers. Where it says no, the tokenizer would have
 * failed too, so the output is remark-gfm's, byte for byte. Use after remark-parse and remark-gfm.
 */
export function remarkEmailLiteralGate(this: Processor): void {
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
  const extensions = (this.data('micromarkExtensions') ?? []) as Array<{text?: Record<string, Construct | Construct[]>}>
  const gated = new Map<Construct, Construct>()
  const gate = (construct: Construct): Construct => {
    if (construct.name !== 'emailAutolink') return construct
    const known = gated.get(construct)
    if (known) return known
    const tokenize = construct.tokenize
    const wrapped: Construct = {
      ...construct,
      tokenize(effects, ok, nok) {
        if (source !== undefined) {
          emailStart.lastIndex = this.now().offset
          if (!emailStart.test(source)) return nok
        }
        return tokenize.call(this, effects, ok, nok)
      }
    }
    gated.set(construct, wrapped)
    return wrapped
  }
  for (const extension of extensions) {
    const text = extension.text
    if (!text) continue
    for (const code of Object.keys(text)) {
      const constructs = text[code]
      if (constructs) text[code] = Array.isArray(constructs) ? constructs.map(gate) : gate(constructs)
    }
  }
}
