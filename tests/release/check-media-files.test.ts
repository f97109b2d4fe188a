import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import sharp from 'sharp'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runCli} from '../support/run-cli.js'

const release = (title: string, media: string) => `---\ntitle: ${title}\ndateline: BERLIN, Germany\nsource: Acme\nmedia:\n  url: ${media}\n  alt: The plant\n---\n\nAcme opened a plant.\n`

/** Each error (or warning) line of vfile-reporter's output, as `file line:column rule: message`. */
function errorLines(stderr: string, level = 'error'): string[] {
  const found: string[] = []
  let current = ''
  for (const line of stderr.split('\n')) {
    if (/^releases\//.test(line)) current = line.trim()
    const error = new RegExp(`^\\s*(\\S+)\\s+${level}\\s+(.*?)\\s+(\\S+)\\s+pressroom\\s*$`).exec(line)
    if (error) found.push(`${current} ${error[1]} ${error[3]}: ${error[2]}`)
  }
  return found
}

const plantJpeg = () => sharp({create: {width: 640, height: 360, channels: 3, background: '#3a7d44'}}).jpeg().toBuffer()

describe('media files of a release', () => {
  let dir: string
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pressroom-media-files-'))
    mkdirSync(join(dir, 'releases'))
    mkdirSync(join(dir, 'public', 'media'), {recursive: true})
    writeFileSync(join(dir, 'public', 'media', 'plant.jpg'), await plantJpeg())
    writeFileSync(join(dir, 'pressroom.config.json'), JSON.stringify({title: 'Acme Newsroom', baseUrl: 'https://news.acme.example', email: {from: 'Acme <news@acme.example>'}}))
    writeFileSync(join(dir, 'releases', '2025-09-01-present.md'), release('Present', '/media/plant.jpg'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('should fail check and build at the url of a site-path media file that is not in public/, naming the nearest file', () => {
    writeFileSync(join(dir, 'releases', '2025-09-02-no-folder.md'), release('No folder', 'plant.jpg'))
    writeFileSync(join(dir, 'releases', '2025-09-03-typo.md'), release('Typo', '/media/plnat.jpg'))
    writeFileSync(join(dir, 'releases', '2025-09-04-no-host.md'), release('No host', 'https:///media/plant.jpg'))
    const expected = [
      'releases/2025-09-02-no-folder.md 6:8 media-file-missing: Unexpected media url `/plant.jpg` with no such file in `public/`, expected a file `public/plant.jpg`',
      'releases/2025-09-03-typo.md 6:8 media-file-missing: Unexpected media url `/media/plnat.jpg` with no such file in `public/`, did you mean `/media/plant.jpg`?',
      'releases/2025-09-04-no-host.md 6:8 media-url-invalid: Unexpected media url `https:///media/plant.jpg`, expected an absolute http(s) URL with a host or a site path such as `/media/photo.jpg`'
    ]
    const checked = runCli(['check'], {cwd: dir})
    expect(errorLines(checked.stderr)).toEqual(expected)
    expect(checked.stderr).toContain('Put the file in the public folder')
    expect(checked.status).toBe(1)

    const built = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(errorLines(built.stderr)).toEqual(expected)
    expect(built.status).toBe(1)
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  it('should warn in check and build alike of an image that is there but cannot be decoded, and serve it as it is', async () => {
    const whole = await plantJpeg()
    writeFileSync(join(dir, 'public', 'media', 'cut-short.jpg'), whole.subarray(0, Math.floor(whole.length / 2)))
    writeFileSync(join(dir, 'public', 'media', 'not-a-picture.png'), '%PDF-1.7 a brochure saved under the wrong name')
    writeFileSync(join(dir, 'releases', '2025-09-02-truncated.md'), release('Truncated', '/media/cut-short.jpg'))
    writeFileSync(join(dir, 'releases', '2025-09-03-misnamed.md'), release('Misnamed', '/media/not-a-picture.png'))
    const expected = [
      'releases/2025-09-02-truncated.md 6:8 media-image-unreadable: Unexpected image `/media/cut-short.jpg` that cannot be decoded (truncated, or not the format its name says), expected a whole JPEG, PNG, WebP, AVIF or TIFF file',
      'releases/2025-09-03-misnamed.md 6:8 media-image-unreadable: Unexpected image `/media/not-a-picture.png` that cannot be decoded (truncated, or not the format its name says), expected a whole JPEG, PNG, WebP, AVIF or TIFF file'
    ]
    const checked = runCli(['check'], {cwd: dir})
    expect(errorLines(checked.stderr, 'warning')).toEqual(expected)
    expect(checked.stderr).toContain('Export the picture again')
    expect(checked.status).toBe(0)

    const built = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(errorLines(built.stderr, 'warning')).toEqual(expected)
    expect(built.status).toBe(0)
    // The file itself goes out, and the page links it where it would have linked the renditions.
    expect(existsSync(join(dir, 'out', 'media', 'cut-short.jpg'))).toBe(true)
    expect(readFileSync(join(dir, 'out', 'releases', '2025-09-02-truncated', 'index.html'), 'utf8')).toContain('/media/cut-short.jpg')
  })

  it('should pass check and build when every site-path media file is there, without fetching remote media', () => {
    writeFileSync(join(dir, 'releases', '2025-09-02-remote.md'), release('Remote', 'https://cdn.acme.example/never-fetched.jpg'))
    const checked = runCli(['check'], {cwd: dir})
    expect(checked.stderr).toBe('')
    expect(checked.status).toBe(0)
    const built = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(built.status).toBe(0)
    expect(existsSync(join(dir, 'out', 'media', 'plant.jpg'))).toBe(true)
  })
})
