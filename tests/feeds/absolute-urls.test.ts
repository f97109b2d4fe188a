import {describe, expect, it} from 'vitest'
import {absoluteUrl, absoluteUrls} from '../../src/feeds/absolute-urls.js'

const base = 'https://newsroom.example.com'
const page = 'https://newsroom.example.com/releases/2025-09-15-harbour/'

describe('absoluteUrls', () => {
  it('should resolve site paths against the base URL and other relative URLs against the page', () => {
    const html = '<p><a href="/reports/q3.pdf">report</a> <img src="../charts/q3.png" alt="x"> <a href="#outlook">o</a> <a href=photo.jpg>p</a></p>'
    expect(absoluteUrls(html, base, page)).toBe(
      '<p><a href="https://newsroom.example.com/reports/q3.pdf">report</a> <img src="https://newsroom.example.com/releases/charts/q3.png" alt="x">' +
        ' <a href="https://newsroom.example.com/releases/2025-09-15-harbour/#outlook">o</a> <a href="https://newsroom.example.com/releases/2025-09-15-harbour/photo.jpg">p</a></p>'
    )
  })

  it('should keep a path under the base URL when the site lives in a folder', () => {
    expect(absoluteUrl('/images/x.png', 'https://example.com/newsroom', 'https://example.com/newsroom/releases/a/')).toBe('https://example.com/newsroom/images/x.png')
  })

  it('should leave absolute URLs, mailto links and text that looks like markup untouched', () => {
    const html = '<p>Write &lt;a href="/x"&gt; to <a href="mailto:press@example.com">us</a> or <a href="https://other.example/a?b=1&#x26;c=2">there</a>.</p>'
    expect(absoluteUrls(html, base, page)).toBe(html)
  })

  it('should decode and re-escape entities in a relative URL', () => {
    expect(absoluteUrls('<a title="a > b" href="/search?q=1&#x26;tag=x">s</a>', base, page)).toBe(
      '<a title="a > b" href="https://newsroom.example.com/search?q=1&amp;tag=x">s</a>'
    )
  })
})
