import {describe, expect, it} from 'vitest'
import {pageHtml} from '../../src/site/page-html.js'

describe('pageHtml', () => {
  it('should give every site path of a body the path prefix of baseUrl, and leave other URLs and the text as they are', () => {
    const body = '<p>See <a href="/reports/q3.pdf">the report</a>, <a href="https://example.org/x">a site</a>, <a href="//cdn.example.net/y">a CDN</a>, <a href="#note">a note</a> and href="/not-an-attribute".</p>\n<p><img src="/media/a.png" srcset="/media/a.png 1x, /media/a@2x.png 2x" alt="A"></p>'
    expect(pageHtml(body, '/news')).toBe('<p>See <a href="/news/reports/q3.pdf">the report</a>, <a href="https://example.org/x">a site</a>, <a href="//cdn.example.net/y">a CDN</a>, <a href="#note">a note</a> and href="/not-an-attribute".</p>\n<p><img src="/news/media/a.png" srcset="/news/media/a.png 1x, /news/media/a@2x.png 2x" alt="A"></p>')
  })

  it('should return the body as it is at a domain\'s root or without a site path', () => {
    const body = '<p><a href="/reports/q3.pdf">the report</a></p>'
    expect(pageHtml(body, '')).toBe(body)
    const external = '<p><a href="https://example.org/x">x</a> and the text src="/y"</p>'
    expect(pageHtml(external, '/news')).toBe(external)
  })
})
