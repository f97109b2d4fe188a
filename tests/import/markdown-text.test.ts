import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {renderBody} from '../../src/render/create-processor.js'
import {markdownText} from '../../src/import/markdown-text.js'
import {parseHtml, textOf} from '../support/html-dom.js'

/** The text a reader sees of rendered Markdown, read with parse5 as a browser would. */
async function renderedText(markdown: string): Promise<string> {
  const html = await renderBody(new VFile({path: 'releases/2026-01-01-x.md'}), markdown)
  return textOf(parseHtml(html)).trim()
}

describe('markdownText', () => {
  it('should render wire text that looks like Markdown or HTML as the same text', async () => {
    const lines = [
      '# 1 in the market, says *everyone*',
      '1. place in the 2026 survey',
      '- 5% margin for snake_case_names and ~~old~~ prices',
      '> not a quote, R&D at <Acme> with &amp; entities',
      'Price: 3 * 4 | 5 = [sixty] `no code` \\ backslash'
    ]
    for (const line of lines) expect(await renderedText(markdownText(line))).toBe(line)
  })

  it('should make links of URLs and of links taken from an email\'s HTML', () => {
    expect(markdownText('See https://acme.example/a_b. Then stop.')).toBe('See <https://acme.example/a_b>. Then stop.')
    expect(markdownText('Book on [the lab_page](https://acme.example/lab).')).toBe('Book on [the lab\\_page](<https://acme.example/lab>).')
  })
})
