import type {Root} from 'hast'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified, type Processor} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {createRandom, generateBody} from '../../bench/generate-corpus.js'
import {createProcessor} from '../../src/render/create-processor.js'
import {remarkGfmGates} from '../../src/render/remark-gfm-gates.js'
import {makeRelease} from '../support/make-release.js'

const stock = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze()
const gated = unified().use(remarkParse).use(remarkGfm).use(remarkGfmGates).use(remarkRehype).use(rehypeStringify).freeze()
const html = (processor: typeof stock, markdown: string) => String(processor.processSync(markdown))

// Email literals in every place GFM allows or refuses one, and next to every construct that could take their characters.
const cases = [
  'Press office: press@acme.example, +49 40 000 000.',
  'a.b-c+d@x-y.co.uk. And a_b@c.com; x@y.z_ x@y.z- x@y.z1 x@y.1z x@y ann@b.co- ann@b.co.',
  '<press@acme.example> [mail](mailto:a@b.co) [a@b.co](https://x.example) ![a@b.co](i.png)',
  'mailto:a@b.co xmpp:a@b.co/res xmpp:a@b.co/res@x mailto:a@b.co/x (mailto:a@b.co) MAILTO:a@b.co',
  '*a@b.co* **a@b.co** _a@b.co_ ~~a@b.co~~ `a@b.co` a@b.co~~x~~ _@.@1-._@b.co',
  '(a@b.co) [a@b.co] "a@b.co" a@b.co) a@@b.co a@b.co@c.co 1@2.3 @handle user@localhost',
  'a\\@b.co a&#64;b.co a&amp;b@c.co &copy;a@b.co a\\_b@c.co',
  '# Contact a@b.co\n\n> a@b.co\n\n- a@b.co\n- [ ] a@b.co\n\n| who | mail |\n|---|---|\n| Ann | ann@b.co |\n\nText[^1].\n\n[^1]: a@b.co',
  'www.acme.example/a@b.co https://acme.example/?to=a@b.co a@b.co/www.x.co a@www.b.co www.a@b.co',
  'ÄÖÜ@b.co é@b.co a@bé.co a+b@b.co -a@b.co .a@b.co a.@b.co',
  '<div>a@b.co</div>\n\n<span>a@b.co</span> a<b>@b.co</b>',
  '\ta@b.co\r\n\r\n  a@b.co\t x@y.co\r\n> \ta@b.co\n\n- \tz@y.co'
]

describe('remarkGfmGates', () => {
  it('should find tables exactly as remark-gfm does, with and without pipes', () => {
    const tables = ['| a | b |\n|---|--:|\n| 1 | 2 |\nno pipe row\n\nafter', 'abc\n:--', 'abc\n--:\ndef', '> abc\n> :-', '- abc\n  :-', 'a\r:-', 'a | b\n- | -', 'abc\n---', 'a\n-:-', 'Text: with a colon\n\n| x |\n| - |']
    for (const markdown of tables) expect(html(gated, markdown), JSON.stringify(markdown)).toBe(html(stock, markdown))
    expect(tables.filter((markdown) => html(gated, markdown).includes('<table>')).length).toBe(7)
  })


  it('should link email literals exactly as remark-gfm does', () => {
    for (const markdown of cases) expect(html(gated, markdown), JSON.stringify(markdown)).toBe(html(stock, markdown))
    expect(html(gated, cases[0] as string)).toContain('<a href="mailto:press@acme.example">press@acme.example</a>')
  })

  it('should agree with remark-gfm on thousands of random snippets of words, emails and punctuation', () => {
    const random = createRandom(3)
    const pieces = ['ann', 'b.co', '@', '.', '-', '_', '+', ' ', '*', '~', '`', '[', ']', '(', ')', '<', '>', 'mailto:', 'xmpp:', 'www.', 'x', '1',
      '\\', '&amp;', '&#64;', '\n', '\r\n', '\t', '](', 'é', 'https://', 'W', '**', '|', '# ', '> ', '- ', '@b.co', ':', '/', '"', ',', ';', ':-', '-:', '---', '| a |', '\n\n']
    for (let index = 0; index < 5000; index++) {
      const markdown = Array.from({length: random.int(3, 40)}, () => random.pick(pieces)).join('')
      expect(html(gated, markdown), JSON.stringify(markdown)).toBe(html(stock, markdown))
    }
  })

  it('should parse generated releases to the same syntax tree as remark-gfm alone, positions included', async () => {
    const random = createRandom(11)
    const pipeline = createProcessor()
    const without = unified().use(remarkParse).use(remarkGfm)
    const {html: _html, summary: _summary, contentHash: _hash, ...meta} = makeRelease()
    for (let index = 0; index < 30; index++) {
      const body = generateBody(random, index) + `\nWrite to desk${index}@northwind.example or www.northwind.example.\n`
      expect(JSON.stringify(pipeline.parse(body))).toBe(JSON.stringify(without.parse(body)))
      const file = new VFile({path: 'releases/2025-09-15-x.md'})
      file.data.meta = meta
      const page = String(pipeline.stringify((await pipeline.run(pipeline.parse(body), file)) as Root, file))
      expect(page).toContain(`<a href="mailto:desk${index}@northwind.example">desk${index}@northwind.example</a>`)
    }
  })

  it('should skip the autolink pass only where it finds nothing, and run it where text holds a URL or an email', () => {
    // A stand-in for remark-gfm's tree pass, under its name, counts when the gate lets it run.
    let calls = 0
    function transformGfmAutolinkLiterals() {
      calls++
    }
    const processor = unified()
      .use(remarkParse)
      .use(function (this: Processor) {
        const data = this.data() as Record<string, unknown>
        data.fromMarkdownExtensions = [[{transforms: [transformGfmAutolinkLiterals]}]]
      })
      .use(remarkGfmGates)
    const runs = (markdown: string) => {
      calls = 0
      processor.parse(markdown)
      return calls
    }
    expect(runs('Read [the report](https://acme.example/report) or write to [press](mailto:press@acme.example).')).toBe(0)
    expect(runs('No links at all, only words and [a reference][ref].\n\n[ref]: https://acme.example')).toBe(0)
    for (const markdown of ['Read https://acme.example/report.', 'Write to press@acme.example.', 'Visit WWW.acme.example.', '*x http://a.b*']) expect(runs(markdown), markdown).toBe(1)
    for (const markdown of ['Visit WWW.acme.example today.', 'A table:\n\n| a |\n|---|\n| www.acme.example |', '- item http://acme.example', '# see x@y.co']) {
      expect(html(gated, markdown), markdown).toBe(html(stock, markdown))
      expect(html(gated, markdown), markdown).toContain('<a href=')
    }
  })

  it('should have wrapped the email tokenizer and the autolink pass, so the saving cannot silently vanish', () => {
    const emailTokenizers = (processor: {freeze(): unknown; data(key: 'micromarkExtensions'): unknown}) => {
      processor.freeze()
      const extensions = processor.data('micromarkExtensions') as Array<{text?: Record<string, unknown>}>
      return new Set(extensions.flatMap((extension) => Object.values(extension.text ?? {}).flat() as Array<{name?: string; tokenize: unknown}>).filter((construct) => construct.name === 'emailAutolink').map((construct) => construct.tokenize))
    }
    const original = emailTokenizers(unified().use(remarkParse).use(remarkGfm))
    const wrapped = emailTokenizers(unified().use(remarkParse).use(remarkGfm).use(remarkGfmGates))
    expect(original.size).toBe(1)
    expect(wrapped.size).toBe(1)
    expect([...wrapped][0]).not.toBe([...original][0])
    const transforms = (processor: {freeze(): unknown; data(key: 'fromMarkdownExtensions'): unknown}) => {
      processor.freeze()
      return ([processor.data('fromMarkdownExtensions')].flat(2) as Array<{transforms?: Array<{name: string}>}>).flatMap((extension) => extension.transforms ?? [])
    }
    const stockTransforms = transforms(unified().use(remarkParse).use(remarkGfm))
    const gatedTransforms = transforms(unified().use(remarkParse).use(remarkGfm).use(remarkGfmGates))
    expect(stockTransforms.map((transform) => transform.name)).toContain('transformGfmAutolinkLiterals')
    expect(gatedTransforms.map((transform) => transform.name)).not.toContain('transformGfmAutolinkLiterals')
    expect(gatedTransforms.length).toBe(stockTransforms.length)
  })
})
