import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import type {Config} from '../config/config-schema.js'
import {renderConfigOf, type RenderConfig} from '../config/render-config.js'
import {bodyStringKeys, loadCatalogues} from '../liquid/chrome-strings.js'
import {pipelineVersion} from '../render/pipeline-version.js'
import {filesOrNone, listFiles, relativePath} from '../release/find-release-files.js'
import {mediaTopicsHash} from '../release/media-topics.js'

/** pressroom's own version: a new release of the tool may render differently, so it is part of every cache stamp. */
export const pressroomVersion: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version

const jsonHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32)

/**
 * A hash of the validated config, but for the fields in `unread`: where it was read from does not matter, only what it
 * says (and an output's key leaves out what that output never reads).
 */
export function configHash(config: Config, unread: ReadonlyArray<keyof Config> = []): string {
  const {configPath: _ignored, ...fields} = config as Config & {configPath?: string}
  for (const field of unread) delete fields[field]
  return jsonHash(fields)
}

/**
 * The stamp of cached renders: they depend on the config's render fields (see {@link renderConfigKeys}), the unified
 * pipeline, pressroom's version, the Media Topics vocabulary (which labels `subjects:`) and the catalogues' words
 * a body carries (`source` and the closing blocks' headings), not on templates or the rest of the config.
 */
export function renderStamp(config: RenderConfig): string {
  return `${pressroomVersion}/${pipelineVersion}/${jsonHash(renderConfigOf(config))}/${mediaTopicsHash()}/${bodyWordsHash()}`
}

// A body ends with the closing blocks' headings and the `source` label of its language's catalogue: a new wording of
// one of them renders the bodies again.
function bodyWordsHash(): string {
  return jsonHash([...loadCatalogues()].map(([language, strings]) => [language, bodyStringKeys.map((key) => strings[key] ?? null)]))
}

/** The stamp of everything a build reads besides releases and templates: the whole config, pipeline and version. */
export function configStamp(config: Config): string {
  return `${pressroomVersion}/${pipelineVersion}/${configHash(config)}`
}

/** A hash of every file under `dir` (names and bytes), e.g. the templates a page was rendered with. */
export function folderHash(dir: string): string {
  const hash = createHash('sha256')
  // Synchronous: a folder of templates is a few dozen small files, and each awaited read was a trip to the thread pool.
  // No folder: the hash of nothing.
  for (const file of filesOrNone(() => listFiles(dir))) hash.update(relativePath(dir, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex').slice(0, 32)
}
