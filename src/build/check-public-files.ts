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
 * the output replaces it, as it always has (or, for `favicon.ico`, is not written).
 *
 * `publicDir` is an absolute path; `plans` are every output's (see {@link OutputPlan}).
 */
export function checkPublicFiles(publicDir: string, plans: readonly OutputPlan[]): void {
  const entries = publicEntries(publicDir)
  if (entries === undefined) return
  // Each folder the outputs are written into, with the first output that needs it, and each output's file.
  const folders = new Map<string, string>()
  const files = new Map<string, string>()
  for (const plan of plans) {
    const file = plan.folder === true ? plan.path.slice(1, -1) : outputFile(plan.path)
    if (plan.folder !== true) files.set(file, plan.path)
    const parts = file.split('/')
    const last = plan.folder === true ? parts.length : parts.length - 1
    for (let end = 1; end <= last; end++) {
      const folder = parts.slice(0, end).join('/')
      if (!folders.has(folder)) folders.set(folder, plan.path)
    }
  }
  for (const {path, folder} of entries) {
    const output = folder ? files.get(path) : folders.get(path)
    if (output === undefined) continue
    const what = folder ? `a folder where the build writes the file \`${path}\` (${output})` : `a file where the build writes into the folder \`${path}/\` (${output})`
    throw new PressroomError('PUBLIC_FILE_IN_THE_WAY', `\`${join(publicDir, ...path.split('/'))}\` is ${what}`, {
      hint: `Rename or move \`${path}\` in the public folder: the newsroom's own pages, feeds and search index need that path`
    })
  }
}

/** Every file and folder under `dir` as a `/`-separated path relative to it; `undefined` when there is no such folder. */
function publicEntries(dir: string): Array<{path: string; folder: boolean}> | undefined {
  let found
  try {
    found = readdirSync(dir, {recursive: true, withFileTypes: true})
  } catch {
    return undefined
  }
  return found.map((entry) => {
    const path = relative(dir, join(entry.parentPath, entry.name))
    return {path: sep === '/' ? path : path.split(sep).join('/'), folder: entry.isDirectory()}
  })
}
