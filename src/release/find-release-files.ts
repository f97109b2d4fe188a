import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

/** Every `.md` file under `dir`, any depth, sorted; `README.md` and names starting with `_` or `.` are skipped. */
export async function findReleaseFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.slice(dir.length).split(/[\\/]/).some((part) => part.startsWith('_') || part.startsWith('.')))
    .sort()
}
