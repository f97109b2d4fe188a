import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {parseFragment, type DefaultTreeAdapterMap} from 'parse5'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {renderBodies} from '../../src/render/create-processor.js'
import {makeRelease} from '../support/make-release.js'

type HtmlNode = DefaultTreeAdapterMap['node']
/** An element or text as both parsers give it, so the two trees can be compared. */
type Shape = string | {name: string; attributes: Record<string, string>; children: Shape[]}

async function render(markdown: string) {
  const {body: _body, summary: _summary, ...meta} = makeRelease()
  const file = new VFile({path: 'releases/2025-09-15-x.md'})
  file.data.meta = meta
  return renderBodies(file, markdown)
}

// Adjacent texts are merged: a writer may split a text where the other writes it whole.
function merged(shapes: Shape[]): Shape[] {
  const out: Shape[] = []
  for (const shape of shapes) {
    const last = out.at(-1)
    if (typeof shape === 'string' && typeof last === 'string') out[out.length - 1] = last + shape
    else if (shape !== '') out.push(shape)
  }
  return out
}

/** The HTML as a browser reads it (parse5). */
function htmlShape(html: string): Shape[] {
  const shape = (node: HtmlNode): Shape[] => {
    // XML forbids most C0 controls: the XHTML drops them.
    if (node.nodeName === '#text' && 'value' in node) return [node.value.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F]/g, '')]
    if (!('tagName' in node)) return []
    return [{name: node.tagName, attributes: Object.fromEntries(node.attrs.map((a) => [a.name, a.value])), children: merged(node.childNodes.flatMap(shape))}]
  }
  return merged(parseFragment(html).childNodes.flatMap(shape))
}

const xmlParser = new XMLParser({preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false, processEntities: true, htmlEntities: false})

/** The XHTML as an XML parser reads it (fast-xml-parser, XML's five entities only). */
function xmlShape(xhtml: string): Shape[] {
  type XmlNode = Record<string, unknown> & {':@'?: Record<string, string>}
  const shape = (node: XmlNode): Shape[] => {
    if ('#text' in node) return [String(node['#text'])]
    const name = Object.keys(node).find((key) => key !== ':@') as string
    return [{name, attributes: {...node[':@']}, children: merged((node[name] as XmlNode[]).flatMap(shape))}]
  }
  return merged((xmlParser.parse(`<body>${xhtml}</body>`) as XmlNode[]).flatMap(shape).flatMap((body) => (typeof body === 'string' ? [body] : body.children)))
}

const hostile = [
  'Lede with a note[^1], `code & <tags>`, www.example.com and "quotes" & \'apostrophes\'.',
  '![Revenue < 5% & "flat"](https://example.org/chart.png "Q3 <draft>")',
  '- [x] Done\n- [ ] Planned',
  '| a | b |\n|---|---|\n| 1 < 2 | |',
  'Raw <span title="a &lt; b">text&#1;</span> with a line<br>break, <p></p> <abbr title="x">X</abbr> <details open><summary>More</summary>Hidden</details>',
  '    indented\n    code < block',
  '[^1]: The note.'
].join('\n\n')

describe('the XHTML body', () => {
  it('should be well-formed XML, even where HTML leaves `<` in an attribute or a boolean attribute bare', async () => {
    const {html, xhtml} = await render(hostile)
    expect(XMLValidator.validate(`<body>${xhtml}</body>`)).toBe(true)
    expect(html).toContain('disabled>')
    expect(xhtml).toMatch(/<input type="checkbox" checked="" disabled=""\/>/)
    expect(xhtml).toContain('alt="Revenue &lt; 5% &amp; &quot;flat&quot;"')
  })

  it('should hold the same elements, attributes and text as the HTML a browser reads, but the characters XML forbids', async () => {
    const {html, xhtml} = await render(hostile)
    expect(xmlShape(xhtml)).toEqual(htmlShape(html))
  })

  it('should write an empty element closed in its start tag, as the news items always had it', async () => {
    const {xhtml} = await render('A line<br>break and <span></span>.')
    expect(xhtml).toContain('A line<br/>break and <span/>.')
  })
})
