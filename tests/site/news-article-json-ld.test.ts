import {describe, expect, it} from 'vitest'
import {jsonForScript, newsArticle} from '../../src/site/news-article-json-ld.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

describe('jsonForScript', () => {
  it('should escape every character that could end the script or open a comment', () => {
    const text = jsonForScript({text: '</script><!-- a & b > c \u2028\u2029'})
    expect(text).toBe('{"text":"\\u003c/script\\u003e\\u003c!-- a \\u0026 b \\u003e c \\u2028\\u2029"}')
    expect(JSON.parse(text)).toEqual({text: '</script><!-- a & b > c \u2028\u2029'})
  })
})

describe('newsArticle', () => {
  it('should name the configured publisher with its logo', () => {
    const config = testConfig({publisher: {name: 'Example Group plc', url: 'https://example.com', logo: 'https://example.com/logo.png'}})
    expect(newsArticle(makeRelease(), config).publisher).toEqual({
      '@type': 'Organization',
      name: 'Example Group plc',
      url: 'https://example.com',
      logo: {'@type': 'ImageObject', url: 'https://example.com/logo.png'}
    })
  })

  it('should leave out the source url and keywords when the release has none, and give it its card as image', () => {
    const release = makeRelease({source: {name: 'Acme'}, tags: [], media: [], ownCard: true})
    const article = newsArticle(release, testConfig())
    expect(article.sourceOrganization).toEqual({'@type': 'Organization', name: 'Acme'})
    expect(article.image).toEqual([{'@type': 'ImageObject', url: `https://newsroom.example.com/cards/${release.id}.png`, width: 1200, height: 630}])
    expect(Object.keys(article)).not.toContain('keywords')
  })

  it('should give a release without an image outside the newest cards the newsroom card as image', () => {
    const article = newsArticle(makeRelease({media: []}), testConfig())
    expect(article.image).toEqual([{'@type': 'ImageObject', url: 'https://newsroom.example.com/cards/newsroom.png', width: 1200, height: 630}])
  })

  it('should list only image media as images', () => {
    const media = [
      {url: 'https://cdn.example.com/clip.mp4', kind: 'video' as const},
      {url: 'https://cdn.example.com/photo.jpg', kind: 'image' as const}
    ]
    expect(newsArticle(makeRelease({media}), testConfig()).image).toEqual(['https://cdn.example.com/photo.jpg'])
  })
})
