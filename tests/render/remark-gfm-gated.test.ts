import type {Root} from 'hast'
import type {Root as MdastRoot} from 'mdast'
import {gfmAutolinkLiteral} from 'micromark-extension-gfm-autolink-literal'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {createRandom, generateBody} from '../../bench/generate-corpus.js'
import {createProcessor} from '../../src/render/create-processor.js'
import {remarkGfmGated} from '../../src/render/remark-gfm-gated.js'
import {makeRelease} from '../support/make-release.js'

// remark-gfm itself is the reference: the plugin must give its trees and its HTML, byte for byte.
const stock = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze()
const gated = unified().use(remarkParse).use(remarkGfmGated).use(remarkRehype).use(rehypeStringify).freeze()
const html = (processor: typeof stock, markdown: string) => String(processor.processSync(markdown))
/** The syntax tree (positions included), the HTML tree and the HTML a processor makes of `markdown`. */
function outputs(processor: typeof stock, markdown: string) {
  const mdast = processor.parse(markdown)
  const json = JSON.stringify(mdast)
  const hast = processor.runSync(mdast) as Root
  return {mdast: json, hast: JSON.stringify(hast), html: processor.stringify(hast)}
}

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

/** A Markdown document of every GFM construct, in odd places and odd neighbours, made from `seed`. */
function gfmDocument(seed: number): string {
  const random = createRandom(seed)
  const inline = ['word', 'press@acme.example', 'a.b-c+d@x-y.co.uk.', 'www.acme.example', 'WWW.acme.example/a_(b)', 'https://acme.example/?q=1&r=2.',
    'HTTP://ACME.example', 'http://a.b/c@d', 'mailto:a@b.co', 'xmpp:a@b.co/res', 'ftp://x.example', '~~gone~~', '~one~', '*em*', '**strong**', '`code www.x.co`',
    '[link](https://x.example)', '[www.x.co](mailto:a@b.co)', '<https://x.example>', '<a@b.co>', '[^1]', '[^note]', '[^missing]', '[ref]', '[^', '^]',
    '(www.x.co)', '"https://x.example"', 'a@b', '@handle', 'www.', 'https://', 'h', 'w', 'W', '|', ':-', '-:', '\\|', '&#64;', '&amp;', 'é@b.co', '~', '_', '[', ']']
  const line = () => Array.from({length: random.int(1, 9)}, () => random.pick(inline)).join(random.pick([' ', ' ', '', ', ', '. ']))
  const blocks = [
    () => line(),
    () => `${line()}\n${line()}`,
    () => `| ${line()} | ${line()} |\n|${random.pick(['---', ':--', '--:', ':-:', '-'])}|---|\n| ${line()} | ${line()} |\n${random.pick(['| x | y |', line(), ''])}`,
    () => `${line()}\n${random.pick([':-', '-:', '---', '- | -', ':-: | :-:'])}`,
    () => `- [ ] ${line()}\n- [x] ${line()}\n  - [X] ${line()}\n- [] ${line()}`,
    () => `1. [x] ${line()}\n2. ${line()}`,
    () => `> ${line()}\n> | a | b |\n> |---|---|\n> | ${line()} | c |`,
    () => `[^1]: ${line()}\n\n[^note]:\n    ${line()}`,
    () => `[ref]: https://ref.example "${line()}"`,
    () => `# ${line()}`,
    () => `    ${line()}`,
    () => `\`\`\`\n${line()}\n\`\`\``,
    () => `<div>${line()}</div>`,
    () => `${line()}\r\n${line()}\r${line()}`,
    () => `\t${line()}`
  ]
  return Array.from({length: random.int(1, 12)}, () => random.pick(blocks)()).join(random.pick(['\n\n', '\n', '\r\n\r\n'])) + random.pick(['', '\n'])
}

describe('remarkGfmGated', () => {
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
  }, 120_000)

  it('should give the syntax tree and HTML of remark-gfm for a generated corpus of tables, footnotes, strikethrough, task lists and autolinks', () => {
    const seen = {table: 0, footnoteReference: 0, delete: 0, checked: 0, mailto: 0, www: 0, protocol: 0}
    for (let seed = 1; seed <= 400; seed++) {
      const markdown = gfmDocument(seed)
      const ours = outputs(gated, markdown)
      expect(ours, JSON.stringify(markdown)).toEqual(outputs(stock, markdown))
      const page = ours.html
      if (page.includes('<table>')) seen.table++
      if (page.includes('data-footnote-ref')) seen.footnoteReference++
      if (page.includes('<del>')) seen.delete++
      if (page.includes('type="checkbox" checked')) seen.checked++
      if (page.includes('href="mailto:')) seen.mailto++
      if (page.includes('href="http://www.')) seen.www++
      if (/href="https?:\/\/(?!www\.)/i.test(page)) seen.protocol++
    }
    // The corpus must exercise every construct, or agreeing on it would prove little.
    for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThan(20)
  }, 120_000)

  it('should parse generated releases to the same syntax tree as remark-gfm, positions included', async () => {
    const random = createRandom(11)
    const pipeline = createProcessor()
    const without = unified().use(remarkParse).use(remarkGfm)
    const {body: _body, summary: _summary, ...meta} = makeRelease()
    for (let index = 0; index < 30; index++) {
      const body = generateBody(random, index) + `\nWrite to desk${index}@northwind.example or www.northwind.example.\n`
      expect(JSON.stringify(pipeline.parse(body))).toBe(JSON.stringify(without.parse(body)))
      const file = new VFile({path: 'releases/2025-09-15-x.md'})
      file.data.meta = meta
      const page = String(pipeline.stringify((await pipeline.run(pipeline.parse(body), file)) as Root, file))
      expect(page).toContain(`<a href="mailto:desk${index}@northwind.example">desk${index}@northwind.example</a>`)
    }
  })

  it('should run the autolink pass only on a tree whose text outside links may hold an autolink', () => {
    const processor = unified().use(remarkParse).use(remarkGfmGated).freeze()
    const transforms = [processor.data('fromMarkdownExtensions') ?? []].flat(2).flatMap((extension) => extension.transforms ?? [])
    // The pass tries each of its patterns on each text node's value; the check in front of it reads a value once.
    const reads = (value: string, wrap: (text: object) => object = (text) => text) => {
      let count = 0
      const text = {type: 'text', get value() {
        count++
        return value
      }}
      const root = {type: 'root', children: [{type: 'paragraph', children: [wrap(text)]}]} as MdastRoot
      for (const transform of transforms) transform(root)
      return {count, root: JSON.stringify(root)}
    }
    expect(reads('Only plain words here.').count).toBe(1)
    expect(reads('Inside a link: https://acme.example', (text) => ({type: 'link', url: 'https://acme.example', children: [text]})).count).toBe(0)
    for (const value of ['Read https://acme.example/report.', 'Write to press@acme.example.', 'Visit WWW.acme.example.', 'Nothing here but an @ sign.']) {
      expect(reads(value).count, value).toBeGreaterThan(1)
    }
    expect(reads('Visit WWW.acme.example today.').root).toContain('"url":"http://WWW.acme.example"')
  })

  it('should gate its own copies of the GFM constructs and leave the packages\' records as they were', () => {
    const original = gfmAutolinkLiteral().text?.[97]
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkGfmGated).freeze()
    const [stockExtension, ...ours] = processor.data('micromarkExtensions') ?? []
    const emailConstructs = (extensions: typeof ours) => extensions.flatMap((extension) => [extension.text?.[97] ?? []].flat()).filter((construct) => construct.name === 'emailAutolink')
    expect(gfmAutolinkLiteral().text?.[97]).toBe(original)
    expect(emailConstructs(stockExtension ? [stockExtension] : [])).toEqual([original])
    const [gatedEmail] = emailConstructs(ours)
    expect(gatedEmail?.tokenize).toBeTypeOf('function')
    expect(gatedEmail?.tokenize).not.toBe((original as {tokenize: unknown}).tokenize)
    expect(ours.length).toBe(5)
  })

  it('should refuse to come before remark-parse, where its checks would have no source to read', () => {
    expect(() => unified().use(remarkGfmGated).use(remarkParse).freeze()).toThrow(/remarkGfmGated.*remark-parse/)
  })
})
