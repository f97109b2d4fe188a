import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** A folder of drawn social cards, each a PNG named by its key: what a build draws once and copies ever after. */
export function openCardStore(dir: string): {read(key: string): Buffer | undefined; write(key: string, png: Buffer): void} {
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
    }
  }
}
