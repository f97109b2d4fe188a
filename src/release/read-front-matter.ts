import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {isMap, isScalar, parseDocument, type Document} from 'yaml'
import {locator} from '../report/locator.js'
import {report} from '../report/report.js'
import {cleanFrontMatterValues} from './remove-control-characters.js'

/** Front matter read from a release file, with what is needed to point messages at its keys. */
export interface FrontMatter {
  data: Record<string, unknown>
  /** Where a key (path like `['media', 0, 'url']`) or, failing that, the front matter starts. */
  placeOf: (path: ReadonlyArray<string | number>, part?: 'key' | 'value') => Point
  /** The body with the front matter blanked to empty lines, so Markdown positions are file positions. */
  body: string
}

const opening = /^---[ \t]*\r?\n/
const closing = /^---[ \t]*$/m

/** Split and parse YAML front matter; problems are reported on `file` and give undefined. */
export function readFrontMatter(file: VFile, text: string): FrontMatter | undefined {
  const locate = locator(text)
  const start: Point = {line: 1, column: 1, offset: 0}
  if (!opening.test(text)) {
    report(file, 'front-matter-missing', 'Unexpected content before front matter, expected a first line `---`', start)
    return undefined
  }
  const yamlStart = (opening.exec(text) as RegExpExecArray)[0].length
  closing.lastIndex = 0
  const rest = text.slice(yamlStart)
  const end = closing.exec(rest)
  if (!end) {
    report(file, 'front-matter-unclosed', 'Unexpected end of file in front matter, expected a closing `---` line', start)
    return undefined
  }
  const yamlText = rest.slice(0, end.index)
  const bodyStart = yamlStart + end.index + end[0].length
  const doc = parseDocument(yamlText, {prettyErrors: false, uniqueKeys: true})
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      report(file, 'yaml-invalid', `Unexpected YAML: ${error.message.split('\n')[0]}`, locate(yamlStart + (error.pos[0] ?? 0)))
    }
    return undefined
  }
  const data: unknown = doc.toJS()
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    report(file, 'front-matter-not-mapping', 'Unexpected front matter that is not a mapping, expected `key: value` lines', locate(yamlStart))
    return undefined
  }
  const placeOf = (path: ReadonlyArray<string | number>, part: 'key' | 'value' = 'key') =>
    locate(yamlStart + nodeOffset(doc, path, part))
  const body = text.slice(0, bodyStart).replace(/[^\n]/g, '') + text.slice(bodyStart)
  const values = cleanFrontMatterValues(file, (data ?? {}) as Record<string, unknown>, (path) => placeOf(path, 'value'))
  return {data: values, placeOf, body}
}

/** Offset (in the YAML text) of the deepest node found along `path`. */
function nodeOffset(doc: Document, path: ReadonlyArray<string | number>, part: 'key' | 'value'): number {
  let offset = 0
  for (let depth = 1; depth <= path.length; depth++) {
    const parentPath = path.slice(0, depth - 1)
    const key = path[depth - 1]
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true)
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key)
      if (!pair) break
      const node = part === 'key' && depth === path.length ? pair.key : pair.value ?? pair.key
      const range = (node as {range?: [number, number, number]} | null)?.range
      if (range) offset = range[0]
    } else {
      const node = doc.getIn(path.slice(0, depth), true) as {range?: [number, number, number]} | undefined
      if (!node?.range) break
      offset = node.range[0]
    }
  }
  return offset
}
