import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {parse} from 'parse5'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {loadRelease} from '../../src/release/load-release.js'
import {releaseHtml} from '../../src/release/release.js'
import {readTree} from '../support/read-tree.js'
import {runCli} from '../support/run-cli.js'
import {testConfig} from '../support/test-config.js'

// Every kind the model must clean: Word's line break, NEL, BEL, the line and paragraph separators, a C1 control, NUL.
const controls = 'one\u000Btwo\u0085three\u0007four\u2028five\u2029six\u009Fseven\u0000eight'
const cleaned = 'one two threefour five sixseveneight'
// Outside a UTF-8 text's line ends and tab, nothing below U+0020, between U+007F and U+009F, or U+2028/U+2029.
const anyControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/

const release = [
  '---',
  `title: Title ${controls}`,
  `subtitle: Sub ${controls}`,
  'dateline: BERLIN, Germany',
  `source: Acme ${controls}`,
  `summary: "Escaped \\v and \\x07 and \\u2028 in YAML"`,
  `tags: [energy, "tag ${controls}"]`,
  '---',
  '',
  `Lede ${controls} text.`,
  '',
  `Old Mac line end\rhere.`,
  ''
].join('\n')

describe('control characters in a release', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pressroom-controls-'))
    mkdirSync(join(dir, 'releases'))
    writeFileSync(
      join(dir, 'pressroom.config.json'),
      JSON.stringify({title: 'Acme Newsroom', baseUrl: 'https://news.acme.example', timeZone: 'Europe/Berlin', email: {from: 'Acme <news@acme.example>'}})
    )
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('should replace each one in the release model and warn at its line and column', async () => {
    const {file, release: loaded} = await loadRelease('releases/2025-09-15-controls.md', Buffer.from(release), testConfig())
    expect(loaded?.title).toBe(`Title ${cleaned}`)
    expect(loaded?.subtitle).toBe(`Sub ${cleaned}`)
    expect(loaded?.source.name).toBe(`Acme ${cleaned}`)
    expect(loaded?.summary).toBe('Escaped   and  and   in YAML')
    expect(loaded?.tags).toEqual(['energy', `tag ${cleaned}`])
    expect(loaded && releaseHtml(loaded)).not.toMatch(anyControl)
    expect(loaded && releaseHtml(loaded)).toContain(`Lede ${cleaned} text.`)
    const messages = file.messages.map(String)
    expect(messages).toContain("releases/2025-09-15-controls.md:2:17: Unexpected control character U+000B (vertical tab, Word's line break), expected printable text")
    expect(messages).toContain('releases/2025-09-15-controls.md:2:27: Unexpected control character U+0007 (control character), expected printable text')
    expect(messages).toContain('releases/2025-09-15-controls.md:6:10: Unexpected control character U+000B (vertical tab, Word\'s line break), expected printable text')
    expect(messages).toContain('releases/2025-09-15-controls.md:10:13: Unexpected control character U+0085 (next line), expected printable text')
    expect(messages).toContain('releases/2025-09-15-controls.md:12:17: Unexpected control character U+000D (carriage return), expected printable text')
    expect(file.messages.every((message) => message.ruleId === 'control-character-removed' && message.fatal === false)).toBe(true)
    const vt = file.messages.find((message) => message.line === 2 && message.column === 17)
    expect(vt?.note).toBe("U+000B (vertical tab, Word's line break) became a space; delete it from the file (it often comes pasted from Word) to silence this")
    expect(file.messages.find((message) => message.line === 2 && message.column === 27)?.note).toMatch(/^U\+0007 \(control character\) was removed;/)
  })

  it('should build pages, feeds and the email preview of a release full of them, with a warning for each', () => {
    writeFileSync(join(dir, 'releases/2025-09-15-controls.md'), release)
    const checked = runCli(['check'], {cwd: dir})
    expect(checked.status).toBe(0)
    expect(checked.stderr).toContain('control-character-removed')

    const built = runCli(['build', '--now', '2025-10-01T00:00:00Z'], {cwd: dir})
    expect(built.stderr).not.toContain('DIGEST_INVALID')
    expect(built.status).toBe(0)
    expect(built.stderr.match(/warning .* control-character-removed/g)?.length).toBeGreaterThanOrEqual(10)
    expect(built.stdout).toMatch(/^pressroom: published 1, /m)

    // The sample digest is written beside the cache, never into out/.
    const files = new Map([...readTree(join(dir, 'out')), ...[...readTree(join(dir, '.pressroom-cache/email-preview'))].map(([path, bytes]) => [`email/${path}`, bytes] as const)])
    for (const path of ['releases/2025-09-15-controls/index.html', 'index.html', 'rss.xml', 'feed.json', 'sitemap.xml', 'email/preview.html', 'email/preview.eml']) {
      expect(files.has(path), path).toBe(true)
    }
    for (const [path, bytes] of files) {
      // Text files only: pictures, cards and the search index's compressed chunks are bytes, not characters.
      if (!/\.(html|xml|json|txt|eml|css|js|svg|webmanifest)$/.test(path)) continue
      const text = bytes.toString('utf8')
      expect(text, path).not.toMatch(anyControl)
      if (path.endsWith('.xml')) expect(XMLValidator.validate(text), path).toBe(true)
      if (path.endsWith('.json')) expect(() => JSON.parse(text), path).not.toThrow()
    }
    const rss = new XMLParser().parse(files.get('rss.xml')?.toString() ?? '')
    expect(rss.rss.channel.item.title).toBe(`Title ${cleaned}`)
    const page = files.get('releases/2025-09-15-controls/index.html')?.toString() ?? ''
    expect(parse(page).childNodes.length).toBeGreaterThan(0)
    expect(page).toContain(`Title ${cleaned}`)
    expect(files.get('email/preview.html')?.toString()).toContain(`Title ${cleaned}`)
  })
})
