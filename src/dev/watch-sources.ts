import {watch, type FSWatcher} from 'node:fs'
import {basename, dirname} from 'node:path'

/** A set of file-system watchers that can be stopped together. */
export interface SourceWatcher {
  close(): void
}

/**
 * Call `onChange` with the changed path whenever something under `folders` or one of `files` changes. Folders are
 * watched recursively (inotify-backed on Linux since Node 20.13); a file is watched through its folder, because
 * editors save by writing a new file and renaming it over the old one, which ends a watch on the file itself.
 * Paths that do not exist are skipped.
 */
export function watchSources(sources: {folders: readonly string[]; files: readonly string[]}, onChange: (path: string) => void): SourceWatcher {
  const watchers: FSWatcher[] = []
  const add = (path: string, recursive: boolean, accept: (name: string) => boolean) => {
    try {
      const watcher = watch(path, {recursive, persistent: false}, (_event, name) => {
        const changed = name === null ? '' : String(name)
        if (accept(changed)) onChange(changed ? `${path}/${changed}` : path)
      })
      // A folder deleted under the watcher (or too many watches) must not crash the preview.
      watcher.on('error', () => watcher.close())
      watchers.push(watcher)
    } catch {
      // Not there (e.g. no public/ folder): nothing to watch.
    }
  }
  for (const folder of sources.folders) add(folder, true, (name) => !/(^|\/)(\.#|#|~)|~$|\.swp$/.test(name))
  for (const file of sources.files) add(dirname(file), false, (name) => name === basename(file))
  return {close: () => watchers.forEach((watcher) => watcher.close())}
}
