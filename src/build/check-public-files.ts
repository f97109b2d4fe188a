import {readdirSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import {outputFile} from '../cache/output-keys.js'
import type {OutputPlan} from '../plan/output-plan.js'
import {PressroomError} from '../report/pressroom-error.js'

/**
 * Refuse a public folder whose files stand where the build writes something of another shape: a file named like a
 * folder the outputs go into (`public/tags` beside the tag pages), or a folder named like an output file
 * (`public/rss.xml/`). The public files are copied first, so the build would otherwise fail on a bare file-system error
 * half-way through, or Pagefind's binary stop without a word. A public file named like an output file is not this:
 * the output replaces it (or, for `favicon.ico`, is not written).
 *
 * `publicDir` is an absolute path and `entries` its files and folders ({@link publicEntries}); `plans` are every
 * output's (see {@link OutputPlan}). Returns the paths of the plans
 * whose file a public file of the same name stands in: the output must be written even when unchanged, or the public
 * file's copy would take its place.
 */
export function checkPublicFiles(publicDir: string, entries: PublicEntries | undefined, plans: readonly OutputPlan[]): string[] {
  const replaced: string[] = []
  if (entries === undefined || entries.size === 0) return replaced
  // Looked up from each output's path in the public folder's few entries, not the other way round: a build with a public
  // folder runs this every time, ten thousand outputs at 4,000 releases, nearly all of them under folders it lacks.
  for (const plan of plans) {
    const file = plan.folder === true ? plan.path.slice(1, -1) : outputFile(plan.path)
    // Each folder the output is written into, then the output's own file (or folder).
    for (let slash = file.indexOf('/'); ; slash = file.indexOf('/', slash + 1)) {
      const path = slash < 0 ? file : file.slice(0, slash)
      const folder = entries.get(path)
      // A folder the public folder lacks holds none of its entries.
      if (folder === undefined) break
      if (folder !== (slash >= 0 || plan.folder === true)) throw inTheWayOf(publicDir, path, folder, plan.path)
      if (slash < 0) {
        if (!folder) replaced.push(plan.path)
        break
      }
    }
  }
  return replaced
}

function inTheWayOf(publicDir: string, path: string, folder: boolean, output: string): PressroomError {
  const what = folder ? `a folder where the build writes the file \`${path}\` (${output})` : `a file where the build writes into the folder \`${path}/\` (${output})`
  return new PressroomError('PUBLIC_FILE_IN_THE_WAY', `\`${join(publicDir, ...path.split('/'))}\` is ${what}`, {
    hint: `Rename or move \`${path}\` in the public folder: the newsroom's own pages, feeds and search index need that path`
  })
}

/** Whether each file and folder of the public folder is a folder, by its `/`-separated path relative to it. */
export type PublicEntries = ReadonlyMap<string, boolean>

/** Whether each file and folder under `dir` is a folder, by its `/`-separated path relative to it; `undefined` when there is no such folder. */
export function publicEntries(dir: string): Map<string, boolean> | undefined {
  let found
  try {
    found = readdirSync(dir, {recursive: true, withFileTypes: true})
  } catch {
    return undefined
  }
  return new Map(
    found.map((entry) => {
      const path = relative(dir, join(entry.parentPath, entry.name))
      return [sep === '/' ? path : path.split(sep).join('/'), entry.isDirectory()]
    })
  )
}
