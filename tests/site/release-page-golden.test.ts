import {readdirSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'
import type {Release} from '../../src/release/release.js'
import {testConfig} from '../support/test-config.js'
import {buildTestSite, type TestSite} from './build-test-site.js'

// Each folder holds a `release.json` (a rendered Release) and the page the site writes for it: review changes like code.
const fixtures = new URL('../fixtures/site/', import.meta.url)
const cases = readdirSync(fixtures, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
const config = testConfig({description: 'News from the Example group', subscribeUrl: 'https://lists.example.com/subscribe'})

let site: TestSite | undefined
afterEach(() => site?.remove())

describe('release page golden fixtures', () => {
  it.each(cases)('should write the expected page for %s', async (name) => {
    // A fixture is a release as JSON, its body's HTML under `html` (and a content hash the model no longer carries).
    const {html: body, contentHash: _hash, ...fields} = JSON.parse(await readFile(new URL(`${name}/release.json`, fixtures), 'utf8')) as Omit<Release, 'body'> & {html: string; contentHash?: string}
    const release: Release = {...fields, body: {html: body}}
    site = await buildTestSite([release], config)
    const html = await site.read(`${release.urlPath.slice(1)}index.html`)
    await expect(html).toMatchFileSnapshot(fileURLToPath(new URL(`${name}/page.html`, fixtures)))
  })
})
