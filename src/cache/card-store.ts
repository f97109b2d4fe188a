import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** A folder of drawn social cards, each a PNG named by its key: what a build draws once and copies ever after. */
export function openCardStore(dir: string): {read(key: string): Buffer | undefined; write(key: string, png: Buffer): void; keepOnly(keys: ReadonlySet<string>): void} {
  const fileOf = (key: string) => join(dir, `${key}.png`)
  return {
    read(key) {
      try {
        return readFileSync(fileOf(key))
      } catch {
        return undefined
      }
    },
    write(key, png) {
      mkdirSync(dir, {recursive: true})
      // Written aside and renamed: a build killed midway leaves no half card to be copied out later.
      const part = `${fileOf(key)}.${process.pid}.part`
      writeFileSync(part, png)
      renameSync(part, fileOf(key))
    },
    keepOnly(keys) {
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        return
      }
      // Half-written cards of a killed build go too: their names are no key.
      for (const name of names) if (!keys.has(name.replace(/\.png$/, ''))) rmSync(join(dir, name), {force: true})
    }
  }
}
