import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {createRandom, generateBody} from '../../bench/generate-corpus.js'
import {canonicalXhtml} from '../../src/newsml/canonical-xhtml.js'
import {parsedXhtml, xhtmlBody} from '../../src/newsml/xhtml-body.js'
import {renderBody} from '../../src/render/create-processor.js'
import {makeRelease} from '../support/make-release.js'

const fixtures = join(import.meta.dirname, '../fixtures')

async function render(markdown: string): Promise<string> {
  const {body: _body, summary: _summary, ...meta} = makeRelease()
  const file = new VFile({path: 'releases/2025-09-15-x.md'})
  file.data.meta = meta
  return renderBody(file, markdown)
}

/** Every release file of the fixture newsrooms, front matter cut off: what the render gets in real builds. */
function fixtureBodies(): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.md')) found.push(readFileSync(path, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''))
    }
  }
  walk(fixtures)
  return found
}

// Bodies a browser's parser builds another tree of than their tags spell, or that are not in the render's form.
const reshaped = [
  '<p>a<div>b</div></p>',
  '<table><tr><td>x</td></tr></table>',
  '<table>text<tbody></tbody></table>',
  '<ul><li>a<li>b</ul>',
  '<p>a &amp; b</p>',
  '<p>&#x80;</p>',
  '<p>&#0;</p>',
  '<pre>\nkept?</pre>',
  '<p>a\r\nb</p>',
  '<p CLASS="x">a</p>',
  '<p class="a" class="b">a</p>',
  '<svg><circle r="1"></circle></svg>',
  '<a href="x">a <a href="y">b</a></a>',
  '<h2>a<h3>b</h3></h2>',
  '<p>unclosed',
  '<b>a<i>b</b>c</i>',
  '<!-->x<p>y</p>',
  '<br></br>'
]

describe('xhtmlBody', () => {
  it('should convert rendered bodies without a parser, to exactly what parse5 gives', async () => {
    const random = createRandom(42)
    const bodies = [...fixtureBodies(), ...Array.from({length: 60}, (_, id) => generateBody(random, id))]
    let direct = 0
    for (const markdown of bodies) {
      const html = await render(markdown)
      const fast = canonicalXhtml(html)
      if (fast === undefined) continue
      direct++
      expect(fast, html).toBe(parsedXhtml(html))
    }
    // The fixtures hold hostile raw HTML on purpose; every other rendered body takes the direct route.
    expect(direct).toBeGreaterThanOrEqual(bodies.length - 5)
    expect(direct).toBeGreaterThanOrEqual(60)
  })

  it('should convert tables, task lists, footnotes, images, entities and empty elements exactly', async () => {
    const markdown = [
      'Lede with a note[^1] & <b>bold</b> "quotes" \'apostrophes\' 1 < 2 > 0.',
      '| a | b |\n|---|--:|\n| 1 | 2 |',
      '- [x] done\n- [ ] open',
      '![Alt "text" & more](/media/a.png "Title")',
      '<p></p><span title="a &amp; &quot;b&quot;"></span>',
      '```js\nconst a = 1 < 2\n```',
      '中文的新闻稿。',
      '[^1]: The note.'
    ].join('\n\n')
    const html = await render(markdown)
    expect(canonicalXhtml(html)).toBe(parsedXhtml(html))
    expect(canonicalXhtml(html)).toContain('<input type="checkbox" checked="" disabled=""/>')
  })

  it('should leave to parse5 what a parser reshapes, and still agree with it through xhtmlBody', () => {
    for (const html of reshaped) {
      expect(canonicalXhtml(html), html).toBeUndefined()
      expect(xhtmlBody(html), html).toBe(parsedXhtml(html))
    }
  })
})
