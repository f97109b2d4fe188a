import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {writeSite} from '../../src/site/write-site.js'
import {attr, byTag, parseHtml} from '../support/html-dom.js'
import {makeRelease} from '../support/make-release.js'
import {testConfig} from '../support/test-config.js'

const repo = new URL('../../', import.meta.url)
let dir = ''
afterEach(() => rm(dir, {recursive: true, force: true}))

const links = async (rel: string) => byTag(parseHtml(await readFile(join(dir, 'index.html'), 'utf8')), 'link').filter((link) => attr(link, 'rel') === rel).map((link) => [attr(link, 'href'), attr(link, 'type') ?? ''])

describe('the site icon and web manifest', () => {
  it('should link a PNG icon from the public folder, list it with its size in the manifest and wrap it as favicon.ico', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-icons-'))
    const png = await readFile(new URL('public/brand/icon.png', repo))
    await mkdir(join(dir, 'brand'))
    await writeFile(join(dir, 'brand/icon.png'), png)
    await writeSite({config: testConfig({baseUrl: 'https://example.com/news', icon: '/brand/icon.png', logo: '/brand/logo.svg'}), releases: [makeRelease()], outDir: dir, now: 0})
    expect(await links('icon')).toEqual([['/news/brand/icon.png', 'image/png']])
    expect(await links('manifest')).toEqual([['/news/manifest.webmanifest', '']])
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.webmanifest'), 'utf8'))
    expect(manifest).toMatchObject({name: 'Example Newsroom', start_url: '/news/', icons: [{src: '/news/brand/icon.png', sizes: '512x512', type: 'image/png'}]})
    // An ICO holding the PNG as it is: a six-byte header, one sixteen-byte entry, then the PNG's bytes.
    const ico = await readFile(join(dir, 'favicon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4), ico.readUInt32LE(14), ico.readUInt32LE(18)]).toEqual([0, 1, 1, png.length, 22])
    expect(ico.subarray(22).equals(png)).toBe(true)
    const logo = byTag(parseHtml(await readFile(join(dir, 'index.html'), 'utf8')), 'img').filter((image) => attr(image, 'class') === 'site-logo')
    expect(logo.map((image) => [attr(image, 'src'), attr(image, 'alt')])).toEqual([['/news/brand/logo.svg', 'Example Newsroom']])
  })

  it('should write a monogram of the title as the icon of a newsroom without one, and set the title as a wordmark', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-icons-'))
    await writeSite({config: testConfig({title: 'Östra Hamnen News'}), releases: [makeRelease()], outDir: dir, now: 0})
    expect(await links('icon')).toEqual([['/icon.svg', 'image/svg+xml']])
    expect(await readFile(join(dir, 'icon.svg'), 'utf8')).toContain('>Ö</text>')
    const html = await readFile(join(dir, 'index.html'), 'utf8')
    expect(html).toContain('<span class="site-wordmark">Östra Hamnen News</span>')
  })

  it('should stop with SITE_ICON_MISSING when the configured icon is not in the public folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-icons-'))
    await expect(writeSite({config: testConfig({icon: '/brand/icon.png'}), releases: [makeRelease()], outDir: dir, now: 0})).rejects.toMatchObject({code: 'SITE_ICON_MISSING'})
  })
})
