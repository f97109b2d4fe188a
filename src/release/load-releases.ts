import {readFileSync, statSync} from 'node:fs'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import type {Config} from '../config/config-schema.js'
import {fileFromRecords, toMessageRecords, type MessageRecord} from '../render/message-record.js'
import {PressroomError} from '../report/pressroom-error.js'
import {report} from '../report/report.js'
import {findReleaseFiles, relativePath} from './find-release-files.js'
import {loadRelease} from './load-release.js'
import {loadOrganizations} from './load-organizations.js'
import {organizationsDirOf} from './organization.js'
import type {Release} from './release.js'

/** Every release file checked and rendered, and one vfile per file that has messages (all problems, in file order). */
export interface LoadedReleases {
  files: VFile[]
  /** Every valid release, held back ones included: callers decide what to publish. */
  releases: Release[]
}

/** Options of {@link loadReleases}. */
export interface LoadReleasesOptions {
  config: Config
  releasesDir: string
  cwd?: string
}

/** What checking one release file gave: its messages, and the release when none is fatal. */
export interface CheckedRelease {
  messages: MessageRecord[]
  release?: Release
}

/** Load the newsroom: read every release under `releasesDir`, validate, render, and check ids are unique. */
export async function loadReleases(options: LoadReleasesOptions): Promise<LoadedReleases> {
  const cwd = options.cwd ?? process.cwd()
  const absolute = findReleaseFiles(releasesRoot(options.releasesDir, cwd))
  const paths = absolute.map((path) => relativePath(cwd, path))
  const {files: organizationFiles, organizations} = loadOrganizations(organizationsDirOf(options.releasesDir), cwd, options.config.baseUrl)
  const results: CheckedRelease[] = []
  for (const [index, path] of paths.entries()) {
    const {file, release} = await loadRelease(path, readFileSync(absolute[index] as string), options.config, organizations)
    results.push(release ? {messages: toMessageRecords(file), release} : {messages: toMessageRecords(file)})
  }
  const loaded = collectReleases(paths, results)
  return {...loaded, files: [...organizationFiles, ...loaded.files]}
}

/** The releases folder, resolved against `cwd`; a missing folder is an error. */
export function releasesRoot(releasesDir: string, cwd: string): string {
  const root = resolve(cwd, releasesDir)
  const exists = statSync(root, {throwIfNoEntry: false})?.isDirectory() === true
  if (!exists) {
    throw new PressroomError('RELEASES_DIR_MISSING', `The releases folder \`${releasesDir}\` does not exist`, {
      hint: 'Pass --releases DIR, or create `releases/` with `pressroom new "Title"`'
    })
  }
  return root
}

/**
 * The newsroom from its checked files (`results[i]` of `paths[i]`, in file order): the vfiles of the files with
 * something to say, and the releases, second releases of one id dropped and reported on the later file. A clean file
 * gets no vfile: nothing reads one, and a rebuild of a big newsroom would make thousands.
 */
export function collectReleases(paths: readonly string[], results: ReadonlyArray<CheckedRelease | undefined>): LoadedReleases {
  const files: VFile[] = []
  const releases: Release[] = []
  const firstById = new Map<string, string>()
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index] as string
    const result = results[index] ?? {messages: [] as MessageRecord[]}
    const release = result.release
    const first = release && firstById.get(release.id)
    if (result.messages.length > 0 || first !== undefined) {
      const file = fileFromRecords(path, result.messages)
      files.push(file)
      if (release && first !== undefined) {
        report(file, 'duplicate-release', `Unexpected second release \`${release.id}\`, expected one per date and slug (also in \`${first}\`)`, {line: 1, column: 1})
        continue
      }
    }
    if (!release) continue
    firstById.set(release.id, path)
    releases.push(release)
  }
  return {files, releases}
}
