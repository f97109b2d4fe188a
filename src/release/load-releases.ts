import {readFile, stat} from 'node:fs/promises'
import {relative, sep} from 'node:path'
import type {VFile} from 'vfile'
import type {Config} from '../config/config-schema.js'
import {PressroomError} from '../report/pressroom-error.js'
import {report} from '../report/report.js'
import {findReleaseFiles} from './find-release-files.js'
import {loadRelease} from './load-release.js'
import type {Release} from './release.js'

/** Every release file checked and rendered, and one vfile per file carrying its messages (all files, all problems). */
export interface LoadedReleases {
  files: VFile[]
  /** Every valid release, held back ones included: callers decide what to publish. */
  releases: Release[]
}

/** Load the newsroom: read every release under `releasesDir`, validate, render, and check ids are unique. */
export async function loadReleases(options: {config: Config; releasesDir: string; cwd?: string}): Promise<LoadedReleases> {
  const cwd = options.cwd ?? process.cwd()
  const exists = await stat(options.releasesDir).then((info) => info.isDirectory(), () => false)
  if (!exists) {
    throw new PressroomError('RELEASES_DIR_MISSING', `The releases folder \`${options.releasesDir}\` does not exist`, {
      hint: 'Pass --releases DIR, or create `releases/` with `pressroom new "Title"`'
    })
  }
  const paths = await findReleaseFiles(options.releasesDir)
  const loaded = await Promise.all(
    paths.map(async (path) => loadRelease(relative(cwd, path).split(sep).join('/'), await readFile(path), options.config))
  )
  const files = loaded.map((entry) => entry.file)
  const releases: Release[] = []
  const firstById = new Map<string, string>()
  for (const {file, release} of loaded) {
    if (!release) continue
    const first = firstById.get(release.id)
    if (first !== undefined) {
      report(file, 'duplicate-release', `Unexpected second release \`${release.id}\`, expected one per date and slug (also in \`${first}\`)`, {line: 1, column: 1})
      continue
    }
    firstById.set(release.id, file.path)
    releases.push(release)
  }
  return {files, releases}
}
