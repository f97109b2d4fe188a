import {existsSync, readdirSync, statSync, watch, type FSWatcher} from 'node:fs'
import {basename, dirname, join} from 'node:path'

/** A set of file-system watchers that can be stopped together. */
export interface SourceWatcher {
  close(): void
}

/** The most folders watched at once, so a huge or looping tree cannot use up inotify watches. */
const maxFolders = 2000

// Editor droppings: vim's swap and 4913 probe files, backups, hidden files. A save still shows as the real file.
const ignored = (name: string) => name === '4913' || name.startsWith('.') || name.endsWith('~') || /\.sw[px]$/.test(name)

/**
 * Call `onChange` with the changed path whenever something under `folders`, or one of `files`, changes.
 *
 * Every folder of each tree gets its own non-recursive watch, added as new folders appear. We do not use
 * `fs.watch(..., {recursive: true})`: on Linux under Node 20 it missed saves done by writing a new file and renaming it
 * over the old one (what sed -i and many editors do), while a watch on the folder reports every one. A single file is
 * watched through its folder for the same reason. Paths that do not exist are skipped.
 */
export function watchSources(sources: {folders: readonly string[]; files: readonly string[]}, onChange: (path: string) => void): SourceWatcher {
  const watchers = new Map<string, FSWatcher>()
  const open = (folder: string, listener: (name: string) => void) => {
    try {
      const watcher = watch(folder, {persistent: false}, (_event, name) => listener(name === null ? '' : String(name)))
      // A folder deleted under its watch must not crash the preview.
      watcher.on('error', () => {
        watcher.close()
        watchers.delete(folder)
      })
      return watcher
    } catch {
      return undefined
    }
  }
  const addTree = (root: string) => {
    const queue = [root]
    while (queue.length > 0 && watchers.size < maxFolders) {
      const folder = queue.shift() as string
      // fs.watch accepts a file too; only folders are wanted here (a changed file is reported by its folder).
      if (watchers.has(folder) || !statSync(folder, {throwIfNoEntry: false})?.isDirectory()) continue
      const watcher = open(folder, (name) => {
        if (ignored(name)) return
        const path = join(folder, name)
        addTree(path)
        for (const [watched, gone] of watchers) if (!existsSync(watched)) (gone.close(), watchers.delete(watched))
        onChange(path)
      })
      if (!watcher) continue
      watchers.set(folder, watcher)
      const entries = (() => {
        try {
          return readdirSync(folder, {withFileTypes: true})
        } catch {
          return []
        }
      })()
      for (const entry of entries) if (entry.isDirectory() && !ignored(entry.name) && entry.name !== 'node_modules') queue.push(join(folder, entry.name))
    }
  }
  for (const folder of sources.folders) addTree(folder)
  const fileWatchers = sources.files.flatMap((file) => open(dirname(file), (name) => name === basename(file) && onChange(file)) ?? [])
  return {
    close() {
      for (const watcher of [...watchers.values(), ...fileWatchers]) watcher.close()
      watchers.clear()
    }
  }
}
