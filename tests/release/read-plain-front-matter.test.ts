import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {afterEach, describe, expect, it, vi} from 'vitest'
import * as yaml from 'yaml'
import {readFrontMatter} from '../../src/release/read-front-matter.js'
import {readPlainFrontMatter} from '../../src/release/read-plain-front-matter.js'

// The YAML parser, counted: what it is called for is the point of the plain reader.
vi.mock('yaml', async (importOriginal) => {
  const actual = await importOriginal<typeof import('yaml')>()
  return {...actual, parseDocument: vi.fn(actual.parseDocument)}
})

const root = join(import.meta.dirname, '../..')

/** The front matter of every release file of the sample newsroom and the message fixtures. */
function frontMatters(): string[] {
  const files = [join(root, 'releases'), join(root, 'tests/fixtures')].flatMap((dir) =>
    readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => join(dir, name))
  )
  return files.map((file) => /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*$/m.exec(readFileSync(file, 'utf8'))?.[1]).filter((text): text is string => text !== undefined)
}

// Each line is a case: what the parser reads otherwise than a first look says, or what the plain reader must decline.
const tricky = [
  'title: "Plain"\ndate: 2025-09-15T08:00:00+02:00\nlength: 5216\ndraft: true\n',
  'title: 0123\n', 'title: 1e3\n', 'title: .5\n', 'title: 0x1F\n', 'title: 0o17\n', 'title: +12\n', 'title: -12\n', 'title: .inf\n', 'title: 1_000\n',
  'title: 12345678901234567890\n', 'title: ~\n', 'title: Null\n', 'title: TRUE\n', 'title: yes\n', 'title: no\n', 'title: on\n', 'title: 2025-09-15\n',
  'title: a:b\n', 'title: a: b\n', 'title: a #b\n', 'title: "a" b\n', 'title: "a\\"b"\n', "title: 'single'\n", 'title: it\'s\n', 'title: [a, b]\n',
  'title: ["a", "b"]\n', 'title: ["a, b" , "c"]\n', 'title: []\n', 'title: ["a",]\n', 'title: {a: b}\n', 'title: &x a\n', 'title: *x\n', 'title: !str 1\n',
  'title: |\n  block\n', 'title: >\n  folded\n', 'title: plain\n  continued\n', 'title: a\ntitle: b\n', 'title:\n', 'title:\n\n', 'null: a\n', 'true: a\n',
  'source:\n  name: "A"\n  url: https://a.example/x?y=1\n', 'source:\n  name: A\n   url: b\n', 'source:\n  name: A\n url: b\n', 'source:\n  name: A\n  name: B\n',
  'media:\n  - url: https://a.example/1.jpg\n    caption: "One"\n    length: 12\n  - url: /media/2.png\n    alt: ""\n',
  'media:\n- url: https://a.example/1.jpg\n', 'media:\n  - url: a\n   caption: b\n', 'tags:\n  - one\n  - "two"\n  - 3\n', 'tags:\n  -\n  - a\n',
  'title: a\r\n', 'title:\ta\n', 'title: a\u00a0b\n', 'title: a\u2028b\n', 'title: "caf\u00e9 \u5317\u98ce"\n', 'subtitle: Ünïcödé – dash\n', '\n\ntitle: a\n\n',
  'tags: [finanzen, quartalszahlen]\n', 'tags: [a, 1, true, "b"]\n', 'tags: [a b, c]\n', 'tags: [a:b]\n', 'tags: [a, ]\n', 'tags: [a,, b]\n', 'tags: [ ]\n', 'tags: [a, [b]]\n',
  '...\n', '- a\n', 'a\n', '%YAML 1.2\n', 'title: ? a\n', 'title: -a\n', 'title: a]\n', 'key-with-dash: a\n', 'Title_2: a\n'
]

describe('readPlainFrontMatter', () => {
  afterEach(() => vi.mocked(yaml.parseDocument).mockClear())

  it('should read plain front matter as the YAML parser does, and decline what it is unsure of', () => {
    const texts = [...tricky, ...frontMatters()]
    let read = 0
    for (const text of texts) {
      const plain = readPlainFrontMatter(text)
      if (plain === undefined) continue
      read++
      const doc = yaml.parseDocument(text, {prettyErrors: false, uniqueKeys: true})
      expect(doc.errors, text).toEqual([])
      expect(plain, text).toStrictEqual(doc.toJS())
    }
    // The sample newsroom's files are plain: the reader is used, not only declining.
    expect(read).toBeGreaterThan(frontMatters().length / 2)
  })

  it('should decline what the core schema reads as other than a string, an integer or a boolean', () => {
    for (const text of ['title: 0123\n', 'title: 1e3\n', 'title: ~\n', 'title: Null\n', 'title: TRUE\n', 'title: .inf\n', 'title: 12345678901234567890\n']) {
      expect(readPlainFrontMatter(text), text).toBeUndefined()
    }
    expect(readPlainFrontMatter('title: 2025-09-15\nlength: 12\ndraft: false\ntags: ["a"]\n')).toStrictEqual({title: '2025-09-15', length: 12, draft: false, tags: ['a']})
  })

  it('should parse no YAML document for a plain release without a message, and one when a message needs a place', () => {
    const text = '---\ntitle: "Harbour"\ndateline: ROTTERDAM\nsource:\n  name: Port\n---\n\nBody.\n'
    const matter = readFrontMatter(new VFile({path: 'releases/2025-09-15-a.md'}), text)
    expect(matter?.data).toStrictEqual({title: 'Harbour', dateline: 'ROTTERDAM', source: {name: 'Port'}})
    expect(yaml.parseDocument).not.toHaveBeenCalled()
    expect(matter?.placeOf(['source', 'name'], 'value')).toMatchObject({line: 5, column: 9})
    expect(matter?.placeOf(['dateline'])).toMatchObject({line: 3, column: 1})
    expect(yaml.parseDocument).toHaveBeenCalledTimes(1)
  })
})
