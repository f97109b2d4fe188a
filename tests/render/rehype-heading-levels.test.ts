import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {parseFragment} from 'parse5'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {renderBody} from '../../src/render/create-processor.js'
import {makeRelease} from '../support/make-release.js'

type Node = {nodeName: string; childNodes?: Node[]}
const walk = (node: Node): Node[] => [node, ...(node.childNodes ?? []).flatMap(walk)]

// Each folder holds a release body (`input.md`) and the HTML the pipeline renders of it: review changes like code.
const fixtures = new URL('../fixtures/render/', import.meta.url)
const cases = readdirSync(fixtures, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name)

async function render(body: string) {
  const {body: _body, summary: _summary, ...meta} = makeRelease()
  const file = new VFile({path: 'releases/2025-09-15-x.md'})
  file.data.meta = meta
  return renderBody(file, body)
}

/** The heading levels of rendered HTML, in document order. */
const levels = (html: string) => walk(parseFragment(html) as unknown as Node).flatMap((node) => (/^h[1-6]$/.test(node.nodeName) ? [Number(node.nodeName[1])] : []))

describe('the body headings under the page title', () => {
  it.each(cases)('should render the expected headings for %s', async (name) => {
    const html = await render(readFileSync(new URL(`${name}/input.md`, fixtures), 'utf8'))
    await expect(html).toMatchFileSnapshot(fileURLToPath(new URL(`${name}/output.html`, fixtures)))
  })

  it('should start at h2 and never skip a level, the footnotes heading included', async () => {
    expect(levels(await render('### About\n\nLede.[^1]\n\n#### Deep\n\n[^1]: A note.\n'))).toEqual([2, 3, 2])
    expect(levels(await render('# One\n\nLede.\n\n## Two\n\n#### Four\n\n###### Six\n\n## Two again\n'))).toEqual([2, 3, 4, 5, 3])
    expect(levels(await render('Lede.\n\n## Two\n\n# One\n\n### Three\n'))).toEqual([2, 2, 3])
  })

  it('should make the footnotes heading an h2 even when the body ends deep in its outline', async () => {
    expect(levels(await render('## Top\n\nLede.[^1]\n\n### Inner\n\n#### Innermost\n\n[^1]: A note.\n'))).toEqual([2, 3, 4, 2])
  })
})
