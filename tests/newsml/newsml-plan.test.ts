import {describe, expect, it} from 'vitest'
import {outputKeys, type OutputDeps} from '../../src/cache/output-keys.js'
import {newsmlPlan} from '../../src/newsml/write-newsml.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

const deps: OutputDeps = {releasePage: 'P', index: 'I', tag: 'T', archive: 'A', organization: 'O', feeds: 'F', newsml: 'N', search: 'S', emailPreview: 'E', card: 'C'}
const config = testConfig({feedSize: 1})

describe('the NewsML-G2 plan', () => {
  const older = makeRelease({slug: 'older', fileDate: '2025-09-14'})
  const newer = makeRelease({slug: 'newer', fileDate: '2025-09-16'})
  const keys = (releases = [newer, older], versions?: Parameters<typeof newsmlPlan>[2]) => outputKeys(newsmlPlan(config, releases, versions), deps)

  it('should plan an item per release and the news message of the newest feedSize', () => {
    expect(Object.keys(keys()).sort()).toEqual(['/newsml/2025-09-14-older.xml', '/newsml/2025-09-16-newer.xml', '/newsml/news-message.xml'])
  })

  it('should rewrite only the item of a release whose subjects changed, and the message only when it shows that release', () => {
    const before = keys()
    const relabelled = keys([newer, {...older, subjects: [{code: '04000000', label: 'economy, business and finance'}]}])
    expect(Object.keys(before).filter((path) => before[path] !== relabelled[path])).toEqual(['/newsml/2025-09-14-older.xml'])
    const edited = keys([{...newer, title: 'Another headline'}, older])
    expect(Object.keys(before).filter((path) => before[path] !== edited[path]).sort()).toEqual(['/newsml/2025-09-16-newer.xml', '/newsml/news-message.xml'])
  })

  it('should rewrite an item when the ledger gives it a new version, though the release is the same', () => {
    const first = keys([newer, older], new Map([[older.id, {version: 1, firstCreated: '2025-09-14T00:00:00Z', versionCreated: '2025-09-14T00:00:00Z'}]]))
    const second = keys([newer, older], new Map([[older.id, {version: 2, firstCreated: '2025-09-14T00:00:00Z', versionCreated: '2025-09-20T00:00:00Z'}]]))
    expect(Object.keys(first).filter((path) => first[path] !== second[path])).toEqual(['/newsml/2025-09-14-older.xml'])
  })
})
