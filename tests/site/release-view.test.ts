import {setFlagsFromString} from 'node:v8'
import {describe, expect, it} from 'vitest'
import {releaseHtml} from '../../src/release/release.js'
import {releaseView, withListingEntry} from '../../src/site/release-view.js'
import {newsArticleJsonLd} from '../../src/site/news-article-json-ld.js'
import {testConfig} from '../support/test-config.js'
import {sampleReleases} from './sample-releases.js'

// V8's own answer to whether an object keeps fast properties (a shape shared with objects made alike) or has become
// a dictionary. The syntax is read when a function is compiled: allowed first, then compiled.
setFlagsFromString('--allow-natives-syntax')
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean

describe('releaseView', () => {
  it('should make its fields on use, and keep fast properties with them, a listing entry included', () => {
    const config = testConfig()
    let drawn = 0
    const draw = (view: {title: string}) => `<li>${view.title} ${++drawn}</li>`
    const releases = sampleReleases()
    const views = releases.map((release) => withListingEntry(releaseView(release, config, ''), draw))
    for (const [index, view] of views.entries()) {
      const release = releases[index]!
      expect(view.jsonLd).toBe(newsArticleJsonLd(release, config))
      expect(view.html).toContain(releaseHtml(release).slice(0, 40))
      // Drawn once, then kept.
      const entry = (view as {entry?: string}).entry
      expect((view as {entry?: string}).entry).toBe(entry)
      // As templates see them: own, and the fields made on use enumerable as before; a copy reads them.
      expect(Object.keys(view)).toContain('jsonLd')
      expect({...view}.jsonLd).toBe(view.jsonLd)
      // A view whose getters were closures of its own was a dictionary, about 1.5 KB more for every view a big
      // newsroom's listings keep.
      expect(hasFastProperties(view), view.id).toBe(true)
    }
    expect(drawn).toBe(views.length)
  })
})
