import {parseFragment} from 'parse5'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {renderBody} from '../../src/render/create-processor.js'
import type {ReleaseMeta} from '../../src/release/validate-release.js'
import {makeRelease} from '../support/make-release.js'

type Node = {nodeName: string; attrs?: Array<{name: string; value: string}>; childNodes?: Node[]}
const walk = (node: Node): Node[] => [node, ...(node.childNodes ?? []).flatMap(walk)]

async function render(body: string, meta: Partial<ReleaseMeta> = {}) {
  const {body: _body, summary: _summary, ...base} = makeRelease()
  const file = new VFile({path: 'releases/2025-09-15-x.md'})
  file.data.meta = {...base, ...meta}
  const html = await renderBody(file, body)
  return {html, file, nodes: walk(parseFragment(html) as unknown as Node)}
}

describe('the release pipeline', () => {
  it('should prefix the lede with the bold wire dateline and end with the Source line', async () => {
    const {html} = await render('## Heading\n\nThe lede.\n\nMore.\n', {source: {name: 'Jiangsu & Partners', url: 'https://example.org/?a=1&b=2'}})
    expect(html).toBe(
      '<h2>Heading</h2>\n<p><strong class="dateline">ROTTERDAM, Netherlands, Sept. 15, 2025 (GLOBE NEWSWIRE) --</strong> The lede.</p>\n<p>More.</p>\n' +
        '<p class="source">Source: <a href="https://example.org/?a=1&#x26;b=2">Jiangsu &#x26; Partners</a></p>'
    )
  })

  it('should render GFM tables, footnotes and autolinks', async () => {
    const {nodes} = await render('Lede with a note[^1] and www.example.com.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: The note.\n')
    const names = nodes.map((node) => node.nodeName)
    expect(names).toContain('table')
    expect(names).toContain('sup')
    expect(nodes.some((node) => node.nodeName === 'a' && node.attrs?.some((a) => a.name === 'href' && a.value === 'http://www.example.com'))).toBe(true)
  })

  it('should let no script, frame, event handler, javascript: or data: URL through', async () => {
    const {nodes, file} = await render(
      'Lede <script>alert(1)</script><img src=x onerror="alert(2)"> <iframe src="https://evil.example"></iframe>\n\n' +
        '[click](javascript:alert(3)) <a href="data:text/html,<script>alert(4)</script>">data</a> <svg onload=alert(5)></svg>\n\n' +
        '<p style="x" onmouseover="alert(6)">Hover</p> <sup>®</sup>\n'
    )
    const names = nodes.map((node) => node.nodeName)
    for (const bad of ['script', 'iframe', 'svg']) expect(names).not.toContain(bad)
    for (const node of nodes) {
      for (const attr of node.attrs ?? []) {
        expect(attr.name).not.toMatch(/^on/i)
        expect(attr.value).not.toMatch(/^\s*(javascript|data):/i)
      }
    }
    expect(names).toContain('sup')
    expect(file.messages.every((message) => ['raw-html-removed', 'image-alt-missing'].includes(String(message.ruleId)) && !message.fatal)).toBe(true)
    expect(file.messages.length).toBeGreaterThanOrEqual(5)
  })

  it('should derive the snippet from the lede without the dateline', async () => {
    const {file} = await render('Acme opened a plant today.\n\nMore.\n')
    expect(file.data.summary).toBe('Acme opened a plant today.')
  })
})

describe('footnotes and in-page links', () => {
  it('should link every footnote reference to an id that exists, and back', async () => {
    const {nodes} = await render('Lede with a note[^1] and [a jump](#details).\n\n<h2 id="details">Details</h2>\n\n[^1]: The note.\n')
    const ids = new Set(nodes.map((node) => node.attrs?.find((a) => a.name === 'id')?.value).filter(Boolean))
    const hashes = nodes.flatMap((node) => node.attrs?.filter((a) => a.name === 'href' && a.value.startsWith('#')) ?? [])
    expect(hashes.length).toBeGreaterThanOrEqual(3)
    for (const href of hashes) expect(ids, href.value).toContain(href.value.slice(1))
    const described = nodes.flatMap((node) => node.attrs?.filter((a) => a.name === 'aria-describedby') ?? [])
    for (const a of described) expect(ids).toContain(a.value)
    expect([...ids].every((id) => String(id).startsWith('user-content-'))).toBe(true)
  })
})

describe('the body outline', () => {
  it('should fit body headings under the page title without skipping levels', async () => {
    const {nodes} = await render('Lede.\n\n### About\n\n#### History\n\n### Contact\n')
    expect(nodes.map((node) => node.nodeName).filter((name) => /^h\d$/.test(name))).toEqual(['h2', 'h3', 'h2'])
    const top = await render('# Big\n\nLede.\n\n## Smaller\n')
    expect(top.nodes.map((node) => node.nodeName).filter((name) => /^h\d$/.test(name))).toEqual(['h2', 'h3'])
  })

  it('should give an image without alt text an empty one, and warn at its line', async () => {
    const {nodes, file} = await render('Lede.\n\n<img src="/x.png">\n')
    const image = nodes.find((node) => node.nodeName === 'img')
    expect(image?.attrs).toContainEqual({name: 'alt', value: ''})
    expect(file.messages.map(String)).toEqual(['releases/2025-09-15-x.md:3:1-3:19: Unexpected image without alt text, expected `![what it shows](url)` or an `alt` attribute'])
  })
})
