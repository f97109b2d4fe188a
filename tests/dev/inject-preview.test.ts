import {describe, expect, it} from 'vitest'
import {injectPreview, previewMarks} from '../../src/dev/preview-marks.js'
import {makeRelease} from '../support/make-release.js'

const page = '<!DOCTYPE html><html><head><title>T</title></head><body class="x"><a href="/releases/2025-09-19-a/">A</a><p>&lt;/body&gt; in text</p></body></html>'

describe('the preview additions to a served page', () => {
  it('should put a banner on a held-back release page, badges on links to it and the reload script before the closing body tag', () => {
    const marks = [{urlPath: '/releases/2025-09-19-a/', label: 'Draft — not published'}]
    const own = injectPreview(page, {pathname: '/releases/2025-09-19-a/', marks, version: 3, scriptPath: '/__pressroom/client.js'})
    expect(own).toContain('<body class="x"><p class="pressroom-preview-banner" role="note">Draft — not published</p>')
    expect(own).toContain('a[href$="/releases/2025-09-19-a/"]::after{content:"Draft — not published";')
    expect(own).toMatch(/<script src="\/__pressroom\/client\.js" data-version="3"><\/script><\/body><\/html>$/)
    const listing = injectPreview(page, {pathname: '/', marks, version: 3, scriptPath: '/__pressroom/client.js'})
    expect(listing).not.toContain('role="note"')
    expect(listing).toContain('::after{content:"Draft')
  })

  it('should escape a hostile label in both the banner and the CSS', () => {
    const marks = [{urlPath: '/releases/x"]{}</style><script>alert(1)</script>/', label: 'Embargoed until </style><script>alert(1)</script> $& "'}]
    const html = injectPreview(page, {pathname: marks[0]!.urlPath, marks, version: 1, scriptPath: '/s.js'})
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html.match(/<\/style>/g)?.length).toBe(1)
    expect(html).toContain('Embargoed until &#60;/style&#62;&#60;script&#62;alert(1)&#60;/script&#62; $&#38; &#34;')
  })

  it('should label drafts and embargoed releases, the embargo as a date and clock time in the site\'s zone', () => {
    const draft = makeRelease({id: '2025-09-19-a', urlPath: '/releases/2025-09-19-a/', draft: true})
    const embargoed = makeRelease({id: '2025-09-22-b', urlPath: '/releases/2025-09-22-b/', embargo: Date.parse('2025-09-22T05:00:00Z'), embargoText: '2025-09-22T07:00:00+02:00'})
    expect(previewMarks([{release: draft, reason: {kind: 'draft'}}, {release: embargoed, reason: {kind: 'embargo', until: embargoed.embargo!}}], 'Europe/Berlin')).toEqual([
      {urlPath: '/releases/2025-09-19-a/', label: 'Draft — not published'},
      {urlPath: '/releases/2025-09-22-b/', label: 'Embargoed until Sept. 22, 2025, 07:00 GMT+2', time: {text: 'Sept. 22, 2025, 07:00 GMT+2', datetime: '2025-09-22T05:00:00Z'}}
    ])
  })

  it('should show the instant of an embargo banner as words in the release\'s language, inside a <time> that keeps the ISO instant', () => {
    const german = makeRelease({id: '2027-01-12-a', urlPath: '/releases/2027-01-12-a/', language: 'de', embargo: Date.parse('2027-01-12T07:00:00+01:00'), embargoText: '2027-01-12T07:00:00+01:00'})
    const marks = previewMarks([{release: german, reason: {kind: 'embargo', until: german.embargo!}}], 'Europe/Berlin')
    const html = injectPreview(page, {pathname: '/releases/2027-01-12-a/', marks, version: 1, scriptPath: '/s.js'})
    const banner = /<p class="pressroom-preview-banner" role="note">(.*?)<\/p>/.exec(html)?.[1]
    expect(banner).toBe('Sperrfrist bis <time datetime="2027-01-12T06:00:00Z">12. Januar 2027, 07:00 MEZ</time>')
    expect(banner).not.toContain('+01:00')
  })
})
