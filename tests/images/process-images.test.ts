import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import sharp from 'sharp'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildOptions} from '../../src/build/build.js'
import {attr, byTag, metaContents, parseHtml, type Element} from '../support/html-dom.js'
import {testConfig} from '../support/test-config.js'

const now = Date.parse('2026-01-01T00:00:00Z')
const release = (title: string, media: string) =>
  `---\ntitle: ${title}\ndateline: KIEL, Germany\nsource: Acme\nmedia:\n  url: ${media}\n  alt: ${title} seen from the quay\n---\n\nAcme ${title.toLowerCase()} today.\n`

/** A photo-like JPEG: a gradient with a bright block off centre, so a crop has something to find. */
async function makeJpeg(width: number, height: number): Promise<Buffer> {
  const block = await sharp({create: {width: 300, height: 300, channels: 3, background: '#ff6a00'}}).png().toBuffer()
  return sharp({create: {width, height, channels: 3, background: '#1d4e89'}}).composite([{input: block, left: width - 500, top: 200}]).jpeg({quality: 90}).toBuffer()
}

/** A PNG with transparency, narrower than the widest size. */
function makePng(width: number, height: number): Promise<Buffer> {
  return sharp({create: {width, height, channels: 4, background: {r: 40, g: 160, b: 90, alpha: 0.5}}}).png().toBuffer()
}

let dir: string
let options: BuildOptions
const out = (...parts: string[]) => join(dir, 'out', ...parts)
const page = (id: string) => parseHtml(readFileSync(out('releases', id, 'index.html'), 'utf8'))
const pathOf = (url: string) => url.replace(/^https:\/\/newsroom\.example\.com/, '').replace(/^\//, '')
const srcsetPaths = (srcset: string | undefined) => (srcset ?? '').split(', ').map((candidate) => candidate.split(' '))

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pressroom-images-'))
  mkdirSync(join(dir, 'releases'))
  mkdirSync(join(dir, 'public', 'media'), {recursive: true})
  writeFileSync(join(dir, 'public', 'media', 'plant.jpg'), await makeJpeg(2000, 1500))
  writeFileSync(join(dir, 'public', 'media', 'logo.png'), await makePng(700, 500))
  writeFileSync(join(dir, 'releases', '2025-09-15-plant.md'), release('Opens its plant', '/media/plant.jpg'))
  writeFileSync(join(dir, 'releases', '2025-09-16-logo.md'), release('Shows its logo', 'media/logo.png'))
  writeFileSync(join(dir, 'releases', '2025-09-17-text.md'), '---\ntitle: Names a chief\ndateline: KIEL, Germany\nsource: Acme\n---\n\nAcme named a chief today.\n')
  options = {config: testConfig(), releasesDir: 'releases', outDir: 'out', publicDir: 'public', now, cwd: dir, cache: 'reuse', workers: 0}
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('image renditions', () => {
  it('should write each size in WebP and JPEG, never wider than the source, and a 1200×630 social crop', async () => {
    const result = await build(options)
    expect(result.ok).toBe(true)
    expect(result.images).toEqual({made: 2, reused: 0, sharpCalls: 2 * (1 + 3 * 2 + 1) - 2})

    const picture = byTag(page('2025-09-15-plant'), 'picture')[0] as Element
    const source = byTag(picture, 'source')[0] as Element
    const img = byTag(picture, 'img')[0] as Element
    expect(attr(source, 'type')).toBe('image/webp')
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual(['1600', '1200'])
    expect(attr(img, 'sizes')).toBe(attr(source, 'sizes'))
    expect(attr(img, 'alt')).toBe('Opens its plant seen from the quay')
    const described = async (srcset: string | undefined) =>
      Promise.all(srcsetPaths(srcset).map(async ([url, descriptor]) => {
        const meta = await sharp(readFileSync(out(pathOf(url as string)))).metadata()
        return `${descriptor} ${meta.format} ${meta.width}x${meta.height}`
      }))
    expect(await described(attr(source, 'srcset'))).toEqual(['480w webp 480x360', '960w webp 960x720', '1600w webp 1600x1200'])
    expect(await described(attr(img, 'srcset'))).toEqual(['480w jpeg 480x360', '960w jpeg 960x720', '1600w jpeg 1600x1200'])
    expect((await sharp(readFileSync(out(pathOf(attr(img, 'src') as string)))).metadata()).width).toBe(960)

    // A PNG with transparency keeps it in its fallback, and is offered at its own width, not blown up.
    const logo = byTag(byTag(page('2025-09-16-logo'), 'picture')[0] as Element, 'img')[0] as Element
    expect([attr(logo, 'width'), attr(logo, 'height')]).toEqual(['700', '500'])
    expect(await described(attr(logo, 'srcset'))).toEqual(['480w png 480x343', '700w png 700x500'])

    const head = page('2025-09-15-plant')
    const [social] = metaContents(head, 'og:image')
    expect(social).toMatch(/^https:\/\/newsroom\.example\.com\/_media\/plant-[0-9a-f]{10}-social\.jpg$/)
    expect([metaContents(head, 'og:image:width'), metaContents(head, 'og:image:height'), metaContents(head, 'og:image:type')]).toEqual([['1200'], ['630'], ['image/jpeg']])
    expect(metaContents(head, 'twitter:image')).toEqual([social])
    const crop = await sharp(readFileSync(out(pathOf(social as string)))).metadata()
    expect([crop.format, crop.width, crop.height]).toEqual(['jpeg', 1200, 630])
    // A release without an image is shared with its generated card instead.
    expect(metaContents(page('2025-09-17-text'), 'og:image')).toEqual(['https://newsroom.example.com/cards/2025-09-17-text.png'])

    // The index shows the smallest size as the thumbnail.
    const thumbs = byTag(parseHtml(readFileSync(out('index.html'), 'utf8')), 'img').filter((element) => attr(element, 'class') === 'release-thumb')
    // The sample digest takes a sized JPEG or PNG from the production host, never the WebP: both releases with a
    // picture follow the text-only lead as thumbnails, so each gets its smallest size.
    const digest = parseHtml(readFileSync(join(dir, '.pressroom-cache', 'email-preview', 'preview.html'), 'utf8'))
    expect(byTag(digest, 'img').map((image) => attr(image, 'src')?.replace(/-[0-9a-f]{10}-/, '-#-'))).toEqual([
      'https://newsroom.example.com/_media/logo-#-480.png',
      'https://newsroom.example.com/_media/plant-#-480.jpg'
    ])
    expect(thumbs.map((thumb) => `${attr(thumb, 'src')?.replace(/-[0-9a-f]{10}-/, '-#-')} ${attr(thumb, 'width')}`)).toEqual(['/_media/logo-#-480.png 480', '/_media/plant-#-480.jpg 480'])
  })

  it('should call sharp not once when a release text is edited, and keep the renditions in out/ through both build folders', async () => {
    const before = readFileSync(out('releases', '2025-09-15-plant', 'index.html'), 'utf8')
    const [src] = /\/_media\/plant-[0-9a-f]{10}-960\.jpg/.exec(before) ?? []
    for (const edit of ['\nA second paragraph.\n', '\nA third paragraph.\n']) {
      appendFileSync(join(dir, 'releases', '2025-09-15-plant.md'), edit)
      const result = await build(options)
      expect(result.rendered).toBe(1)
      expect(result.images).toEqual({made: 0, reused: 2, sharpCalls: 0})
      expect(readFileSync(out('releases', '2025-09-15-plant', 'index.html'), 'utf8')).toContain(edit.trim())
      expect(existsSync(out(src as string))).toBe(true)
      expect((await sharp(readFileSync(out(src as string))).metadata()).width).toBe(960)
    }
  })

  it('should make new renditions under new names when an image file changes, and only for that image', async () => {
    writeFileSync(join(dir, 'public', 'media', 'logo.png'), await makePng(600, 400))
    const result = await build(options)
    expect(result.images).toEqual({made: 1, reused: 1, sharpCalls: 1 + 2 * 2 + 1})
    const logo = byTag(byTag(page('2025-09-16-logo'), 'picture')[0] as Element, 'img')[0] as Element
    expect([attr(logo, 'width'), attr(logo, 'height')]).toEqual(['600', '400'])
    expect(existsSync(out(pathOf(attr(logo, 'src') as string)))).toBe(true)
  })
})
