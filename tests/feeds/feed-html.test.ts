import {parseFragment} from 'parse5'
import {describe, expect, it} from 'vitest'
import {absoluteUrl} from '../../src/feeds/absolute-urls.js'
import {feedHtml, feedText} from '../../src/feeds/feed-html.js'
import {attr, findAll, textOf} from '../support/html-dom.js'

const base = 'https://newsroom.example.com'
const page = 'https://newsroom.example.com/releases/2025-09-15-harbour/'

/** Every attribute of every element of `html` once parsed, as `tag name="value"`. */
function attributesOf(html: string): string[] {
  return findAll(parseFragment(html), () => true).flatMap((element) => element.attrs.map((attribute) => `${element.tagName} ${attribute.name}="${attribute.value}"`))
}

describe('feedHtml', () => {
  it('should resolve site paths against the base URL and other relative URLs against the page', () => {
    const html = '<p><a href="/reports/q3.pdf">report</a> <img src="../charts/q3.png" alt="x"> <a href="#outlook">o</a> <a href=photo.jpg>p</a></p>'
    expect(feedHtml(html, base, page)).toBe(
      '<p><a href="https://newsroom.example.com/reports/q3.pdf">report</a> <img src="https://newsroom.example.com/releases/charts/q3.png" alt="x">' +
        ' <a href="https://newsroom.example.com/releases/2025-09-15-harbour/#outlook">o</a> <a href="https://newsroom.example.com/releases/2025-09-15-harbour/photo.jpg">p</a></p>'
    )
  })

  it('should never resolve a URL that a parser reads as another scheme into a live one', () => {
    expect(absoluteUrl('java\tscript:alert(1)', base, page)).toBeUndefined()
    expect(absoluteUrl('\u0001javascript:alert(1)', base, page)).toBeUndefined()
    expect(absoluteUrl('photo.jpg', base, page)).toBe('https://newsroom.example.com/releases/2025-09-15-harbour/photo.jpg')
  })

  it('should keep a path under the base URL when the site lives in a folder', () => {
    expect(absoluteUrl('/images/x.png', 'https://example.com/newsroom', 'https://example.com/newsroom/releases/a/')).toBe('https://example.com/newsroom/images/x.png')
  })

  it('should return a body whose URLs are all absolute as it is, text that looks like markup included', () => {
    const html = '<p>Write &#x3C;a href="/x"> to <a href="mailto:press@example.com">us</a> or <a href="https://other.example/a?b=1&#x26;c=2">there</a>.</p>'
    expect(feedHtml(html, base, page)).toBe(html)
  })

  it('should decode and re-escape entities in a relative URL', () => {
    expect(feedHtml('<a title="a > b" href="/search?q=1&#x26;tag=x">s</a>', base, page)).toBe(
      '<a title="a > b" href="https://newsroom.example.com/search?q=1&#x26;tag=x">s</a>'
    )
  })

  it('should rewrite srcset candidates and a video poster, keeping their descriptors', () => {
    const html = '<video poster="/media/p.jpg" src="clip.mp4"></video><img srcset="/a.png 1x, https://cdn.example/b.png 2x" src="/a.png" alt="">'
    expect(attributesOf(feedHtml(html, base, page))).toEqual([
      'video poster="https://newsroom.example.com/media/p.jpg"',
      'video src="https://newsroom.example.com/releases/2025-09-15-harbour/clip.mp4"',
      'img srcset="https://newsroom.example.com/a.png 1x, https://cdn.example/b.png 2x"',
      'img src="https://newsroom.example.com/a.png"',
      'img alt=""'
    ])
  })

  it('should never turn src= or href= inside an alt or title into an attribute', () => {
    // As the render pipeline writes it: the alt and title hold text that a pattern over the HTML took for attributes.
    const html =
      '<p><img src="/media/pic.png" alt="alt with src=/x onerror=alert(1) x" title="t href=/h onmouseover=alert(1)"></p>\n' +
      '<p><a href="/docs/a.pdf" title="title src=/s onclick=alert(1) x">a link</a> and <a href="https://x.example/" title=\'poster=/p onload=alert(1)\'>b</a></p>'
    const out = feedHtml(html, base, page)
    expect(attributesOf(out)).toEqual([
      'img src="https://newsroom.example.com/media/pic.png"',
      'img alt="alt with src=/x onerror=alert(1) x"',
      'img title="t href=/h onmouseover=alert(1)"',
      'a href="https://newsroom.example.com/docs/a.pdf"',
      'a title="title src=/s onclick=alert(1) x"',
      'a href="https://x.example/"',
      'a title="poster=/p onload=alert(1)"'
    ])
  })

  it('should find a relative URL attribute written after a slash or a quote, as HTML parsers do', () => {
    expect(attr(findAll(parseFragment(feedHtml('<img/src="/a.png">', base, page)), () => true)[0]!, 'src')).toBe('https://newsroom.example.com/a.png')
    expect(attr(findAll(parseFragment(feedHtml('<a title="t"href="/b">b</a>', base, page)), () => true)[0]!, 'href')).toBe('https://newsroom.example.com/b')
  })
})

describe('feedText', () => {
  it('should write plain text as HTML that parses back to the same text and no element', () => {
    const text = 'Summary <img src=x onerror=alert(1)> ]]> <a href="javascript:alert(1)">x</a> & </script>'
    const fragment = parseFragment(feedText(text))
    expect(findAll(fragment, () => true)).toEqual([])
    expect(textOf(fragment)).toBe(text)
  })
})
